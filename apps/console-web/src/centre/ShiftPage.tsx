import { type FormEvent, useCallback, useState } from 'react';
import { useLoad } from '../admin/use-load';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** Who is on shift, the incidents that are mine, and the notes one shift leaves the next. */
export function ShiftPage() {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const members = useLoad(useCallback(() => api.centre.shiftMembers(), [api]));
  const mine = useLoad(useCallback(() => api.centre.myIncidents(), [api]));
  const notes = useLoad(useCallback(() => api.centre.handovers(), [api]));
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();

  async function addNote(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    setError(undefined);
    try {
      await api.centre.addHandover(text.trim());
      setText('');
      notes.reload();
    } catch (e) {
      setError(describeFailure(t, e));
    }
  }

  return (
    <main className="admin" data-page="shift">
      <h2>{t('centre.shift.title')}</h2>
      <div className="admin-split">
        <section className="card" aria-label={t('centre.shift.mine')} data-section="my-incidents">
          <h3>{t('centre.shift.mine')}</h3>
          {mine.data && !mine.data.items.length && <p className="muted">{t('centre.shift.mineNone')}</p>}
          <ul>
            {mine.data?.items.map((v) => (
              <li key={v.id} data-incident-id={v.id}>
                <span className={`type type-${v.type}`}>{t(`incidentType.${v.type}`)}</span> {v.resident.fullName} · {t(`status.${v.status}`)} ·{' '}
                <time dateTime={v.openedAt}>{formatTime(v.openedAt)}</time>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-label={t('centre.shift.members')} data-section="shift-members">
          <h3>{t('centre.shift.members')}</h3>
          <ul>
            {members.data?.items.map((m) => (
              <li key={m.id} data-username={m.username} data-connected={String(m.connected)}>
                {m.username} · {t(`role.${m.role === 'admin' || m.role === 'supervisor' ? m.role : 'operator'}`)} ·{' '}
                <span className={m.connected ? 'ok' : 'muted'}>{m.connected ? t('centre.shift.connected') : t('centre.shift.away')}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="card" aria-label={t('centre.shift.notes')} data-section="handover-notes">
        <h3>{t('centre.shift.notes')}</h3>
        <form className="inline-form" onSubmit={(e) => void addNote(e)}>
          <textarea
            name="handoverNote"
            aria-label={t('centre.shift.newNote')}
            placeholder={t('centre.shift.newNote')}
            value={text}
            maxLength={4000}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="primary" data-action="add-handover-note" disabled={!text.trim()}>
            {t('centre.shift.addNote')}
          </button>
        </form>
        {error && <p className="error">{error}</p>}
        {notes.data && !notes.data.items.length && <p className="muted">{t('centre.shift.notesNone')}</p>}
        <ol className="history-list">
          {notes.data?.items.map((n) => (
            <li key={n.id}>
              <time dateTime={n.createdAt}>{formatTime(n.createdAt)}</time> <strong>{n.author.username}</strong>
              <q className="history-note">{n.text}</q>
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
