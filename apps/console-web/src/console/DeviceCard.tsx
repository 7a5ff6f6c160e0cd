import type { IncidentView } from '@app/contracts';
import { useState } from 'react';
import { canLocate, connectionLabel, describeLocateFailure, positionAge, positionSourceLabel, protocolLabel } from '../devices/device-facts';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

interface Props {
  view: IncidentView;
  /** From the incident's REST detail: socket pushes do not say whether the device is connected. */
  connected?: boolean;
  now: number;
}

/** The handset of an incident: what it last said, where it last was (and how long ago), and "locate now" for TCP devices. */
export function DeviceCard({ view, connected, now }: Props) {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [locating, setLocating] = useState(false);
  const [locateResult, setLocateResult] = useState<{ ok: boolean; text: string }>();
  const { device, location } = view;

  async function locate() {
    setLocating(true);
    setLocateResult(undefined);
    try {
      await api.locateDevice(device.serial);
      setLocateResult({ ok: true, text: t('device.locateSent') });
    } catch (error) {
      setLocateResult({ ok: false, text: describeLocateFailure(t, error) });
    } finally {
      setLocating(false);
    }
  }

  return (
    <section className="card" aria-label={t('detail.device')}>
      <h3>{t('detail.device')}</h3>
      <dl className="facts">
        <dt>{t('device.serial')}</dt>
        <dd>{device.serial}</dd>
        <dt>{t('device.protocol')}</dt>
        <dd data-protocol={device.protocol}>{protocolLabel(t, device.protocol)}</dd>
        {canLocate(device.protocol) && (
          <>
            <dt>{t('device.connection')}</dt>
            <dd data-connected={connected === undefined ? 'unknown' : String(connected)}>{connectionLabel(t, connected)}</dd>
          </>
        )}
        <dt>{t('device.battery')}</dt>
        <dd className={device.batteryPct !== undefined && device.batteryPct < 20 ? 'warn-text' : undefined}>
          {device.batteryPct !== undefined ? `${device.batteryPct}%` : t('common.unknown')}
        </dd>
        <dt>{t('device.lastSeen')}</dt>
        <dd>{device.lastSeenAt ? formatTime(device.lastSeenAt) : t('common.unknown')}</dd>
        <dt>{t('detail.location')}</dt>
        <dd>{location ? <Place lat={location.lat} lng={location.lng} accuracyM={location.accuracyM} /> : t('detail.noLocation')}</dd>
        {canLocate(device.protocol) && (
          <>
            <dt>{t('device.position')}</dt>
            <dd data-position-source={device.position?.source}>
              {device.position ? (
                <>
                  <Place lat={device.position.lat} lng={device.position.lng} accuracyM={device.position.accuracyM} />
                  <br />
                  <span className="muted" title={formatTime(device.position.at)}>
                    {t('device.positionAt', { age: positionAge(t, device.position.at, now), source: positionSourceLabel(t, device.position.source) })}
                  </span>
                </>
              ) : (
                t('device.noPosition')
              )}
            </dd>
          </>
        )}
      </dl>
      {canLocate(device.protocol) && (
        <div className="row-actions">
          <button type="button" data-action="locate-device" disabled={locating} onClick={() => void locate()}>
            {t('device.locate')}
          </button>
          {locateResult && (
            <span role="status" className={locateResult.ok ? 'ok' : 'error'}>
              {locateResult.text}
            </span>
          )}
        </div>
      )}
    </section>
  );
}

function Place({ lat, lng, accuracyM }: { lat: number; lng: number; accuracyM?: number }) {
  const { t } = useI18n();
  return (
    <>
      {lat.toFixed(5)}, {lng.toFixed(5)}
      {accuracyM !== undefined && <span className="muted"> ±{Math.round(accuracyM)} m</span>}{' '}
      <a href={mapLink(lat, lng)} target="_blank" rel="noreferrer noopener">
        {t('detail.openMap')}
      </a>
    </>
  );
}

export function mapLink(lat: number, lng: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
}
