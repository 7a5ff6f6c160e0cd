import { type IncidentView, isTechnical, type Outcome, type Responder } from '@app/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { isClosed, isUnacknowledged } from '../live/incident-store';
import { useSession } from '../session-context';
import { describeFailure } from '../components/failure';
import { OutcomeSelect } from '../components/OutcomeSelect';
import { offerCandidates } from './offer-candidates';

interface Props {
  view: IncidentView;
  onAcknowledge: (id: string) => Promise<void>;
  /** After a change the live feed does not carry (a note), the detail is fetched again. */
  onChanged: () => void;
}

/** What an operator can do with an incident. Each refusal (409 above all) is shown in words. */
export function IncidentActions({ view, onAcknowledge, onChanged }: Props) {
  const { t } = useI18n();
  const { api } = useSession();
  const [note, setNote] = useState('');
  const [responderId, setResponderId] = useState('');
  // No default: the outcome is what the operator says happened, never a preset.
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [resolveNote, setResolveNote] = useState('');
  const [cancelNote, setCancelNote] = useState('');
  const [volunteers, setVolunteers] = useState<Responder[]>([]);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.responders('volunteer').then(
      (r) => live && setVolunteers(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  // A refusal or confirmation speaks of the state it was given in: once the incident moves on
  // (another alarm selected, the status or the offers changed), it no longer applies.
  const offerStates = view.dispatches.map((d) => d.status).join();
  useEffect(() => {
    setError(undefined);
    setDone(undefined);
  }, [view.id, view.status, offerStates]);

  async function run(work: () => Promise<unknown>, success: string, confirmation?: string) {
    if (confirmation && !window.confirm(confirmation)) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await work();
      setDone(success);
      onChanged();
    } catch (e) {
      setError(describeFailure(t, e));
    } finally {
      setBusy(false);
    }
  }

  const closed = isClosed(view);
  const team = [view.careTeam.carer, view.careTeam.cadre, view.careTeam.doctor].filter((r): r is Responder => Boolean(r));
  const candidates = offerCandidates(team, volunteers, view.dispatches);

  if (closed) return <p className="notice">{t('detail.closed', { status: t(`status.${view.status}`) })}</p>;

  return (
    <section className="card actions" aria-label={t('detail.actions')}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && <p className="ok">{done}</p>}
      {isUnacknowledged(view) && (
        <button
          type="button"
          data-action="acknowledge"
          className="primary big"
          disabled={busy}
          onClick={() => void run(() => onAcknowledge(view.id), t('action.acknowledged'))}
        >
          {t('action.acknowledge')} <kbd>A</kbd>
        </button>
      )}
      <form
        className="inline-form"
        // A technical incident is the equipment's: nothing to send the care team out for.
        hidden={isTechnical(view.type)}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!responderId) return;
          void run(() => api.offer(view.id, responderId), t('action.offered'));
        }}
      >
        <label>
          {t('action.offerTo')}
          <select name="responder" value={responderId} onChange={(e) => setResponderId(e.target.value)}>
            <option value="">{t('action.chooseResponder')}</option>
            {candidates.map(({ responder: r, holds }) => (
              <option key={r.id} value={r.id} disabled={Boolean(holds)} data-holds={holds?.status}>
                {t(`responderRole.${r.role}`)} ·{' '}
                {holds ? t('incidentActions.holdsOffer', { name: r.fullName, status: t(`dispatch.${holds.status}`) }) : r.fullName}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-action="offer" disabled={busy || !responderId}>
          {t('action.offer')}
        </button>
      </form>
      <form
        className="inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!note.trim()) return;
          void run(async () => {
            await api.addNote(view.id, note.trim());
            setNote('');
          }, t('action.noted'));
        }}
      >
        <label className="grow">
          {t('action.note')}
          <input name="note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
        </label>
        <button type="submit" data-action="note" disabled={busy || !note.trim()}>
          {t('action.addNote')}
        </button>
      </form>
      <form
        className="inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!outcome) return setError(t('incidentActions.outcomeRequired'));
          void run(
            () => api.resolve(view.id, outcome, resolveNote.trim() || undefined),
            t('action.resolved'),
            t('incidentActions.confirmResolve', { outcome: t(`outcome.${outcome}`) }),
          );
        }}
      >
        <OutcomeSelect name="outcome" label="action.outcome" placeholder="incidentActions.chooseOutcome" value={outcome} onChange={setOutcome} />
        <label className="grow">
          {t('action.resolveNote')}
          <input name="resolveNote" value={resolveNote} onChange={(e) => setResolveNote(e.target.value)} maxLength={4000} />
        </label>
        <button type="submit" data-action="resolve" className="primary" disabled={busy || !outcome}>
          {t('action.resolve')}
        </button>
      </form>
      <form
        className="inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          // Its own note: the note box above is for notes, never a closing reason.
          void run(
            async () => {
              await api.cancel(view.id, cancelNote.trim() || undefined);
              setCancelNote('');
            },
            t('action.cancelled'),
            t('incidentActions.confirmCancel'),
          );
        }}
      >
        <label className="grow">
          {t('incidentActions.cancelNote')}
          <input name="cancelNote" value={cancelNote} onChange={(e) => setCancelNote(e.target.value)} maxLength={4000} />
        </label>
        <button type="submit" data-action="cancel" className="danger" disabled={busy}>
          {t('action.cancelFalseAlarm')}
        </button>
      </form>
    </section>
  );
}
