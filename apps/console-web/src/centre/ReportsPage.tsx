import { type IncidentReportQuery, incidentReportQuerySchema, type ReportGrouping } from '@app/contracts';
import { type FormEvent, useState } from 'react';
import { issues } from '../admin/form-helpers';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** The first day of this month and today, as the form's starting range. */
function thisMonth(now = new Date()): { from: string; to: string } {
  const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { from: day(new Date(now.getFullYear(), now.getMonth(), 1)), to: day(now) };
}

/** Incidents of any day range per district or per operator, as a CSV file. */
export function ReportsPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const [range, setRange] = useState(thisMonth);
  const [by, setBy] = useState<ReportGrouping>('district');
  const [error, setError] = useState<string>();

  async function download(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const parsed = incidentReportQuerySchema.safeParse({ ...range, by });
    if (!parsed.success) return setError(issues(t, parsed.error).join('; '));
    try {
      await api.centre.downloadReport(parsed.data satisfies IncidentReportQuery);
    } catch (e) {
      setError(describeFailure(t, e));
    }
  }

  return (
    <main className="admin" data-page="reports">
      <h2>{t('centre.reports.title')}</h2>
      <form className="inline-form card" onSubmit={(e) => void download(e)}>
        <label>
          {t('centre.search.from')}
          <input type="date" name="from" value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} required />
        </label>
        <label>
          {t('centre.search.to')}
          <input type="date" name="to" value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} required />
        </label>
        <label>
          {t('centre.reports.by')}
          <select name="by" value={by} onChange={(e) => setBy(e.target.value === 'operator' ? 'operator' : 'district')}>
            <option value="district">{t('centre.reports.byDistrict')}</option>
            <option value="operator">{t('centre.reports.byOperator')}</option>
          </select>
        </label>
        <button type="submit" className="primary" data-action="download-report">
          {t('centre.reports.download')}
        </button>
      </form>
      <ErrorAlert error={error} />
    </main>
  );
}
