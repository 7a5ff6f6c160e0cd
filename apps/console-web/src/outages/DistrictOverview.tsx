import type { DistrictOverviewRow } from '@app/contracts';
import { useEffect, useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

const REFRESH_MS = 30_000;

/** Per district, devices heard in the last hour against those registered: an outage shows at a glance. */
export function DistrictOverview() {
  const { t } = useI18n();
  const { api } = useSession();
  const [rows, setRows] = useState<DistrictOverviewRow[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    const load = () =>
      api.districtOverview().then(
        (overview) => {
          if (!current) return;
          setRows(overview.items);
          setError(undefined);
        },
        (failure: unknown) => current && setError(describeFailure(t, failure)),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api, t]);

  return (
    <section className="card district-overview" aria-label={t('districts.title')}>
      <h3>{t('districts.title')}</h3>
      {error && <p className="error">{error}</p>}
      {rows && rows.length === 0 && <p className="muted">{t('districts.empty')}</p>}
      {rows && rows.length > 0 && (
        <table className="plain">
          <thead>
            <tr>
              <th>{t('districts.district')}</th>
              <th>{t('districts.heard')}</th>
              <th>{t('districts.registered')}</th>
              <th>{t('districts.share')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const share = row.registered ? Math.round((row.heardLastHour * 100) / row.registered) : 0;
              return (
                <tr key={row.district} data-district={row.district} className={row.outageIncidentId ? 'district-outage' : undefined}>
                  <td>
                    {row.district} {row.outageIncidentId && <span className="flag escalated-flag">{t('districts.outage')}</span>}
                  </td>
                  <td>{row.heardLastHour}</td>
                  <td>{row.registered}</td>
                  <td>
                    <meter min={0} max={100} low={50} high={80} optimum={100} value={share} /> {share}%
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
