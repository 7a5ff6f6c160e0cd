import { INCIDENT_TYPES, type IncidentSearchItem, OUTCOMES } from '@app/contracts';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { IncidentSearchFilters } from '../api/centre-api';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { HistoryLine } from './IncidentHistoryCard';

/** Every incident, resolved ones included, by day range, district, type, outcome, state and resident (name or phone). */
export function IncidentSearchPage() {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [filters, setFilters] = useState<IncidentSearchFilters>({ state: 'closed' });
  const [results, setResults] = useState<{ items: IncidentSearchItem[]; nextCursor?: string }>();
  const [error, setError] = useState<string>();

  const run = useCallback(
    async (query: IncidentSearchFilters, append: boolean) => {
      setError(undefined);
      try {
        const page = await api.centre.search(query);
        setResults((before) => ({
          items: append ? [...(before?.items ?? []), ...page.items] : page.items,
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        }));
      } catch (e) {
        setError(describeFailure(t, e));
      }
    },
    [api, t],
  );
  useEffect(() => {
    void run({ state: 'closed' }, false);
  }, [run]);

  const set = (key: keyof IncidentSearchFilters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    void run(filters, false);
  }

  return (
    <main className="admin" data-page="incident-search">
      <h2>{t('centre.search.title')}</h2>
      <form className="inline-form card" role="search" onSubmit={submit}>
        <label>
          {t('centre.search.from')}
          <input type="date" name="from" value={filters.from ?? ''} onChange={set('from')} />
        </label>
        <label>
          {t('centre.search.to')}
          <input type="date" name="to" value={filters.to ?? ''} onChange={set('to')} />
        </label>
        <label>
          {t('centre.search.district')}
          <input name="district" value={filters.district ?? ''} onChange={set('district')} />
        </label>
        <label>
          {t('centre.search.type')}
          <select name="type" value={filters.type ?? ''} onChange={set('type')}>
            <option value="">{t('centre.search.any')}</option>
            {INCIDENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`incidentType.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('centre.search.outcome')}
          <select name="outcome" value={filters.outcome ?? ''} onChange={set('outcome')}>
            <option value="">{t('centre.search.any')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('centre.search.state')}
          <select name="state" value={filters.state ?? ''} onChange={set('state')}>
            <option value="">{t('centre.search.stateAny')}</option>
            <option value="live">{t('centre.search.stateLive')}</option>
            <option value="closed">{t('centre.search.stateClosed')}</option>
          </select>
        </label>
        <label>
          {t('centre.search.resident')}
          <input name="resident" value={filters.resident ?? ''} onChange={set('resident')} />
        </label>
        <button type="submit" className="primary" data-action="search-incidents">
          {t('centre.search.submit')}
        </button>
      </form>
      <ErrorAlert error={error} />
      {results && !results.items.length && <p className="muted">{t('centre.search.none')}</p>}
      {!!results?.items.length && (
        <table className="plain list" aria-label={t('centre.search.title')}>
          <thead>
            <tr>
              <th>{t('queue.resident')}</th>
              <th>{t('queue.district')}</th>
              <th>{t('centre.search.opened')}</th>
              <th>{t('centre.search.acknowledgedBy')}</th>
              <th>{t('centre.search.closed')}</th>
            </tr>
          </thead>
          <tbody>
            {results.items.map((item) => (
              <tr key={item.id} data-incident-id={item.id}>
                <td>{item.resident.fullName}</td>
                <td>{item.resident.district ?? ''}</td>
                <td>
                  <ul className="history-list">
                    <HistoryLine item={item} formatTime={formatTime} />
                  </ul>
                </td>
                <td>{item.acknowledgedBy ?? t('common.none')}</td>
                <td>{item.resolvedAt ? formatTime(item.resolvedAt) : t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {results?.nextCursor && (
        <button type="button" onClick={() => void run({ ...filters, cursor: results.nextCursor }, true)}>
          {t('centre.search.more')}
        </button>
      )}
    </main>
  );
}
