import type { OutageIncidentView, OutageResident, WelfareCallOutcome } from '@app/contracts';
import { useState } from 'react';
import { describeFailure } from '../components/failure';
import { TelLink } from '../components/TelLink';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { downloadText } from './download';

/**
 * The welfare-call list of an area outage, in the order to call (living alone first, then
 * oldest first): progress, who is back, who is still silent, and per resident "reached" /
 * "not reached" with a note. The list follows the live view (incident.updated after each call).
 */
export function OutagePanel({ view }: { view: OutageIncidentView }) {
  const { t } = useI18n();
  const { api } = useSession();
  const { outage } = view;
  const [error, setError] = useState<string>();

  const exportCsv = async () => {
    try {
      downloadText(await api.welfareCsv(view.id), `welfare-calls-${outage.district}.csv`, 'text/csv;charset=utf-8');
      setError(undefined);
    } catch (failure) {
      setError(t('outages.exportFailed', { reason: describeFailure(t, failure) }));
    }
  };

  return (
    <section className="card outage-panel" aria-label={t('outages.title')}>
      <header className="outage-head">
        <h3>{t('outages.title')}</h3>
        <strong data-testid="welfare-progress">{t('outages.progress', { called: outage.called, affected: outage.affected })}</strong>
        <span className="muted">{t('outages.recoveredCount', { recovered: outage.recovered, affected: outage.affected })}</span>
        <button type="button" onClick={() => void exportCsv()}>
          {t('outages.export')}
        </button>
      </header>
      {error && <p className="error">{error}</p>}
      {outage.residents.length === 0 ? (
        <p className="muted">{t('outages.empty')}</p>
      ) : (
        <table className="plain welfare-list">
          <thead>
            <tr>
              <th>{t('outages.rank')}</th>
              <th>{t('outages.resident')}</th>
              <th>{t('outages.phone')}</th>
              <th>{t('outages.contacts')}</th>
              <th>{t('outages.device')}</th>
              <th>{t('outages.call')}</th>
            </tr>
          </thead>
          <tbody>
            {outage.residents.map((resident, i) => (
              <WelfareRow key={resident.id} rank={i + 1} incidentId={view.id} resident={resident} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WelfareRow({ rank, incidentId, resident }: { rank: number; incidentId: string; resident: OutageResident }) {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const record = async (outcome: WelfareCallOutcome) => {
    setBusy(true);
    try {
      const trimmed = note.trim();
      await api.recordWelfareCall(incidentId, resident.id, { outcome, ...(trimmed ? { note: trimmed } : {}) });
      setNote('');
      setError(undefined);
    } catch (failure) {
      setError(describeFailure(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr data-resident-id={resident.id} className={resident.stillSilent ? 'still-silent' : undefined}>
      <td>{rank}</td>
      <td>
        <strong>{resident.fullName}</strong> <span className="muted">{t('resident.ageShort', { age: resident.age })}</span>
        <div className="small">{resident.livingSituation ? t(`living.${resident.livingSituation}`) : t('common.none')}</div>
        <div className="small muted">{resident.address}</div>
      </td>
      <td>{resident.phone ? <TelLink phone={resident.phone} /> : t('common.none')}</td>
      <td>
        {resident.emergencyContacts.map((c) => (
          <div key={`${c.name}-${c.phone}`} className="small">
            {c.name} ({c.relation}) <TelLink phone={c.phone} />
          </div>
        ))}
      </td>
      <td>
        {resident.recoveredAt ? (
          <span className="recovered">{t('outages.recoveredAt', { time: formatTime(resident.recoveredAt) })}</span>
        ) : (
          <span className={resident.stillSilent ? 'flag escalated-flag' : 'muted'}>
            {resident.stillSilent ? t('outages.stillSilent') : t('outages.silent')}
          </span>
        )}
      </td>
      <td>
        {resident.call && (
          <div className="small" data-call={resident.call.outcome}>
            <strong>{t(resident.call.outcome === 'reached' ? 'outages.reached' : 'outages.notReached')}</strong>
            {resident.call.note && ` · ${resident.call.note}`}
            <div className="muted">{t('outages.calledBy', { username: resident.call.by?.username ?? '', time: formatTime(resident.call.at) })}</div>
          </div>
        )}
        <input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('outages.notePlaceholder')}
          aria-label={t('outages.notePlaceholder')}
          maxLength={2000}
        />
        <button type="button" disabled={busy} onClick={() => void record('reached')}>
          {t('outages.reached')}
        </button>
        <button type="button" disabled={busy} onClick={() => void record('not_reached')}>
          {t('outages.notReached')}
        </button>
        {error && <p className="error small">{error}</p>}
      </td>
    </tr>
  );
}
