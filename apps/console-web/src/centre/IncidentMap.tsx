import type { IncidentView } from '@app/contracts';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { MAP_ZOOM, TILE_PX, tileOf, tileUrl } from './map-tiles';
import { formatCoordinates } from './summary';
import { useCentreSettings } from './use-centre-settings';

/**
 * Where the alarm came from (the press's fix, else the device's last position) and the
 * resident's address. With MAP_TILE_URL the tile under the point is drawn with a marker; without
 * tiles (or when they fail to load) the marker sits on a plain square with the coordinates.
 */
export function IncidentMap({ view }: { view: IncidentView }) {
  const { t } = useI18n();
  const { api } = useSession();
  const settings = useCentreSettings(api);
  const position = view.location ?? view.device.position;
  const label = view.location ? t('centre.map.incident') : t('centre.map.device');
  const tile = position ? tileOf(position.lat, position.lng, MAP_ZOOM) : undefined;

  return (
    <section className="card" aria-label={t('centre.map.title')} data-section="map">
      <h3>{t('centre.map.title')}</h3>
      {position && tile ? (
        <>
          <div className="map-box" data-tiles={settings.mapTileUrl ? 'yes' : 'no'} style={{ width: TILE_PX, height: TILE_PX }}>
            {settings.mapTileUrl && (
              <img className="map-tile" alt="" width={TILE_PX} height={TILE_PX} src={tileUrl(settings.mapTileUrl, MAP_ZOOM, tile.x, tile.y)} />
            )}
            <span className="map-marker" aria-hidden="true" style={{ left: tile.px, top: tile.py }} />
          </div>
          <p>
            {label}: <span data-testid="map-coordinates">{formatCoordinates(position)}</span>
          </p>
          {settings.mapTileUrl ? (
            settings.mapAttribution && <p className="muted small">{settings.mapAttribution}</p>
          ) : (
            <p className="muted small">{t('centre.map.noTiles')}</p>
          )}
          <p className="muted">{t('centre.map.address', { address: view.resident.address })}</p>
        </>
      ) : (
        <p>{t('centre.map.noPosition', { address: view.resident.address })}</p>
      )}
    </section>
  );
}
