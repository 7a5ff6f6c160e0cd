import { useCallback, useState } from 'react';
import { useLoad } from '../admin/use-load';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { CareApi } from './care-api';
import { DownloadButton } from './download-button';

/** The weekly care-hours report: hours given against each resident's target, shortfalls first. */
export function CareHoursPage() {
  const { t } = useI18n();
  const { api } = useSession();
  // `<input type="week">` speaks ISO weeks (2026-W48); empty = the current week.
  const [week, setWeek] = useState('');
  const [district, setDistrict] = useState('');
  const load = useCallback(() => api.care.careHours(week || undefined, district.trim() || undefined), [api, week, district]);
  const report = useLoad(load);
  const items = report.data?.items ?? [];
  const shown = report.data?.week ?? week;
  return (
    <main className="page" aria-label={t('care.hours.title')}>
      <h2>
        {t('care.hours.title')} {shown && <span className="muted">{shown}</span>}
      </h2>
      <div className="row-actions">
        <label>
          {t('care.hours.week')} <input name="week" type="week" value={week || shown} onChange={(e) => setWeek(e.target.value)} />
        </label>
        <label>
          {t('care.district')} <input name="district" value={district} placeholder={t('care.allDistricts')} onChange={(e) => setDistrict(e.target.value)} />
        </label>
        <DownloadButton path={CareApi.exports.careHours(shown || undefined, district.trim() || undefined)} filename={`care-hours-${shown}.csv`} />
      </div>
      {report.error !== undefined && <p className="error">{describeFailure(t, report.error)}</p>}
      {items.length === 0 ? (
        <p className="empty">{t('care.hours.empty')}</p>
      ) : (
        <table className="table" data-testid="care-hours">
          <thead>
            <tr>
              <th>{t('care.followUps.resident')}</th>
              <th>{t('care.district')}</th>
              <th>{t('care.hours.target')}</th>
              <th>{t('care.hours.hours')}</th>
              <th>{t('care.hours.shortfall')}</th>
              <th>{t('care.hours.previous')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.resident.id} className={r.shortfallHours > 0 ? 'overdue' : undefined}>
                <td>
                  {r.resident.fullName} {r.belowTargetTwoWeeks && <span className="badge">{t('care.hours.twoWeeks')}</span>}
                </td>
                <td>{r.resident.district ?? ''}</td>
                <td>{r.targetHours ?? t('common.none')}</td>
                <td>{r.hours}</td>
                <td>{r.shortfallHours}</td>
                <td>{r.previousWeekHours}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
