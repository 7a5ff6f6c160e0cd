import { type FormEvent, useCallback, useState } from 'react';
import { useLoad } from '../admin/use-load';
import { TelLink } from '../components/TelLink';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** `<input type="datetime-local">` wants local time without a zone. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** The carer's part of the phone view: visit requests of its residents, the visit form, its recent visits. */
export function ResponderCare() {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const requests = useLoad(useCallback(() => api.care.myVisitRequests(), [api]));
  const visits = useLoad(useCallback(() => api.care.myVisits(), [api]));
  const [requestId, setRequestId] = useState<{ id: string; residentId: string }>();
  const [notice, setNotice] = useState<string>();
  const saved = (hours: number) => {
    setNotice(t('care.visit.saved', { hours }));
    setRequestId(undefined);
    requests.reload();
    visits.reload();
  };
  return (
    <section className="care-phone" aria-label={t('care.visit.title')}>
      {(requests.data?.items ?? []).map((q) => (
        <div key={q.id} className="offer-card" data-visit-request={q.id}>
          <strong>{t('care.visitRequests.title')}</strong>: {q.resident.fullName}
          <div>{q.resident.address}</div>
          {q.resident.phone && <TelLink phone={q.resident.phone} />}
          {q.note && <p className="muted">{q.note}</p>}
          <button type="button" onClick={() => setRequestId({ id: q.id, residentId: q.resident.id })}>
            {t('care.visitRequests.answer')}
          </button>
        </div>
      ))}
      {notice && (
        <p role="status" className="ok">
          {notice}
        </p>
      )}
      <VisitForm key={requestId?.id ?? 'free'} request={requestId} onSaved={saved} />
      <h3>{t('care.visit.mine')}</h3>
      {(visits.data?.items ?? []).length === 0 ? (
        <p className="muted">{t('care.visit.none')}</p>
      ) : (
        <ul data-testid="my-visits">
          {[...(visits.data?.items ?? [])].reverse().map((v) => (
            <li key={v.id}>
              {formatTime(v.startedAt)} · {t('care.visit.hours', { hours: v.hours })} · {v.services.join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function VisitForm({ request, onSaved }: { request?: { id: string; residentId: string }; onSaved: (hours: number) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const residents = useLoad(useCallback(() => api.care.myResidents(), [api]));
  const services = useLoad(useCallback(() => api.care.services(), [api]));
  const [residentId, setResidentId] = useState(request?.residentId ?? '');
  const [start, setStart] = useState(() => localInput(Date.now() - 3600_000));
  const [end, setEnd] = useState(() => localInput(Date.now()));
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const visit = await api.care.recordVisit({
        residentId,
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(end).toISOString(),
        services: chosen,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(request ? { visitRequestId: request.id } : {}),
      });
      setError(undefined);
      setChosen([]);
      setNote('');
      onSaved(visit.hours);
    } catch (e) {
      setError(describeFailure(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" aria-label={t('care.visit.title')} onSubmit={(e) => void submit(e)}>
      <h3>{t('care.visit.title')}</h3>
      <label>
        {t('care.visit.resident')}
        <select name="residentId" value={residentId} required onChange={(e) => setResidentId(e.target.value)}>
          <option value="">{t('care.visit.chooseResident')}</option>
          {(residents.data?.items ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.fullName}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('care.visit.start')}
        <input name="startedAt" type="datetime-local" value={start} required onChange={(e) => setStart(e.target.value)} />
      </label>
      <label>
        {t('care.visit.end')}
        <input name="endedAt" type="datetime-local" value={end} required onChange={(e) => setEnd(e.target.value)} />
      </label>
      <fieldset>
        <legend>{t('care.visit.services')}</legend>
        {(services.data?.items ?? []).map((s) => (
          <label key={s.code} className="check">
            <input
              type="checkbox"
              name="services"
              value={s.code}
              checked={chosen.includes(s.code)}
              onChange={(e) => setChosen((list) => (e.target.checked ? [...list, s.code] : list.filter((c) => c !== s.code)))}
            />
            {s.label}
          </label>
        ))}
      </fieldset>
      <label>
        {t('care.visit.note')}
        <textarea name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary big" data-action="save-visit" disabled={busy || !residentId || chosen.length === 0}>
        {t('care.visit.save')}
      </button>
    </form>
  );
}
