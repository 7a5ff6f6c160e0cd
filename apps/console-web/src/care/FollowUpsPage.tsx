import { FOLLOW_UP_OUTCOMES, type FollowUp, type FollowUpOutcome, type FollowUpStatus } from '@app/contracts';
import { type FormEvent, useCallback, useState } from 'react';
import { useLoad } from '../admin/use-load';
import { TelLink } from '../components/TelLink';
import { describeFailure } from '../components/failure';
import { type MessageKey, useI18n } from '../i18n';
import { useSession } from '../session-context';
import { CareApi } from './care-api';
import { DownloadButton } from './download-button';
import { VisitRequestsList } from './VisitRequestsList';

/** Due and overdue follow-up calls (overdue first, as they are ordered by due time), the call's form, the done ones, the visit requests. */
export function FollowUpsPage() {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [status, setStatus] = useState<FollowUpStatus>('due');
  const [district, setDistrict] = useState('');
  const [open, setOpen] = useState<string>();
  // Raised by every recorded call: a needs_visit outcome adds a visit request below.
  const [recorded, setRecorded] = useState(0);
  const load = useCallback(() => api.care.followUps(status, district.trim() || undefined), [api, status, district]);
  const list = useLoad(load);
  const items = list.data?.items ?? [];

  return (
    <main className="page" aria-label={t('care.followUps.title')}>
      <h2>{t('care.followUps.title')}</h2>
      <div className="row-actions">
        {(['due', 'done'] as const).map((s) => (
          <button key={s} type="button" className={s === status ? 'chip active' : 'chip'} aria-pressed={s === status} onClick={() => setStatus(s)}>
            {t(`care.followUps.${s}`)}
          </button>
        ))}
        <label>
          {t('care.district')} <input name="district" value={district} placeholder={t('care.allDistricts')} onChange={(e) => setDistrict(e.target.value)} />
        </label>
        <DownloadButton path={CareApi.exports.followUps(status, district.trim() || undefined)} filename={`follow-ups-${status}.csv`} />
      </div>
      {list.error !== undefined && <p className="error">{describeFailure(t, list.error)}</p>}
      {items.length === 0 ? (
        <p className="empty">{t('care.followUps.empty')}</p>
      ) : (
        <table className="table" data-testid="follow-ups">
          <thead>
            <tr>
              <th>{t('care.followUps.resident')}</th>
              <th>{t('care.followUps.phone')}</th>
              <th>{t('care.followUps.incident')}</th>
              <th>{t('care.followUps.dueAt')}</th>
              <th>{t('care.followUps.result')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <FollowUpRow
                key={f.id}
                followUp={f}
                formOpen={open === f.id}
                onOpen={() => setOpen(open === f.id ? undefined : f.id)}
                onDone={() => {
                  setOpen(undefined);
                  setRecorded((n) => n + 1);
                  list.reload();
                }}
                formatTime={formatTime}
              />
            ))}
          </tbody>
        </table>
      )}
      <VisitRequestsList key={recorded} district={district.trim() || undefined} />
    </main>
  );
}

function FollowUpRow(props: { followUp: FollowUp; formOpen: boolean; onOpen: () => void; onDone: () => void; formatTime: (iso: string) => string }) {
  const { t } = useI18n();
  const { followUp: f, formatTime } = props;
  const summary = t('care.followUps.incidentSummary', {
    type: t(`incidentType.${f.incident.type}` as MessageKey),
    openedAt: formatTime(f.incident.openedAt),
    count: f.incident.pressCount,
    outcome: f.incident.outcome ? t(`outcome.${f.incident.outcome}` as MessageKey) : t('common.none'),
  });
  return (
    <>
      <tr className={f.overdue ? 'overdue' : undefined} data-follow-up={f.id}>
        <td>
          {f.resident.fullName}
          {f.resident.district && <span className="muted small"> · {f.resident.district}</span>}
        </td>
        <td>{f.resident.phone ? <TelLink phone={f.resident.phone} /> : t('common.none')}</td>
        <td>
          {summary}
          {f.incident.resolutionNote && <div className="muted small">{f.incident.resolutionNote}</div>}
        </td>
        <td>
          {formatTime(f.dueAt)} {f.overdue && <span className="badge">{t('care.followUps.overdue')}</span>}
        </td>
        <td>
          {f.status === 'done' ? (
            <>
              {f.outcome && t(`care.outcome.${f.outcome}`)}
              {f.satisfaction !== undefined && ` · ${'★'.repeat(f.satisfaction)}`}
              {f.note && <div className="muted small">{f.note}</div>}
            </>
          ) : (
            <button type="button" data-action="record-follow-up" onClick={props.onOpen}>
              {t('care.followUps.record')}
            </button>
          )}
        </td>
      </tr>
      {props.formOpen && (
        <tr>
          <td colSpan={5}>
            <CompleteForm followUp={f} onDone={props.onDone} onCancel={props.onOpen} />
          </td>
        </tr>
      )}
    </>
  );
}

function CompleteForm({ followUp, onDone, onCancel }: { followUp: FollowUp; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [outcome, setOutcome] = useState<FollowUpOutcome>('well');
  const [satisfaction, setSatisfaction] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await api.care.completeFollowUp(followUp.id, {
        outcome,
        ...(satisfaction ? { satisfaction: Number(satisfaction) } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone();
    } catch (e) {
      setError(describeFailure(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-grid" aria-label={t('care.followUps.record')} onSubmit={(e) => void submit(e)}>
      <label>
        {t('care.followUps.outcome')}
        <select name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as FollowUpOutcome)}>
          {FOLLOW_UP_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`care.outcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('care.followUps.satisfaction')}
        <select name="satisfaction" value={satisfaction} onChange={(e) => setSatisfaction(e.target.value)}>
          <option value="">{t('common.none')}</option>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {'★'.repeat(n)}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        {t('care.followUps.note')}
        <textarea name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error wide">
          {error}
        </p>
      )}
      <div className="wide row-actions">
        <button type="submit" className="primary" data-action="save-follow-up" disabled={busy}>
          {t('care.followUps.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('care.followUps.cancel')}
        </button>
      </div>
    </form>
  );
}
