import type { ShiftMember } from '@app/contracts';
import { useCallback, useState } from 'react';
import { useLoad } from '../admin/use-load';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';

/** Hands the incident to a colleague (timeline `handed_over`); colleagues on shift are listed first. */
export function HandOverCard({ incidentId, onChanged }: { incidentId: string; onChanged: () => void }) {
  const { t } = useI18n();
  const { api, session } = useSession();
  const members = useLoad(useCallback(() => api.centre.shiftMembers(), [api]));
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
  const colleagues: ShiftMember[] = (members.data?.items ?? [])
    .filter((m) => m.id !== session.user.id)
    .sort((a, b) => Number(b.connected) - Number(a.connected));

  async function handOver() {
    const colleague = colleagues.find((c) => c.id === to);
    if (!colleague) return;
    setError(undefined);
    try {
      await api.centre.handOver(incidentId, { toUserId: colleague.id, ...(note.trim() ? { note: note.trim() } : {}) });
      setDone(t('centre.handover.done', { username: colleague.username }));
      setNote('');
      onChanged();
    } catch (e) {
      setError(describeFailure(t, e));
    }
  }

  return (
    <section className="card" aria-label={t('centre.handover.title')} data-section="hand-over">
      <h3>{t('centre.handover.title')}</h3>
      <div className="inline-form">
        <select name="handOverTo" aria-label={t('centre.handover.to')} value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">{t('centre.handover.choose')}</option>
          {colleagues.map((c) => (
            <option key={c.id} value={c.id}>
              {c.username} · {t(`role.${c.role === 'admin' || c.role === 'supervisor' ? c.role : 'operator'}`)}
              {c.connected ? ` · ${t('centre.handover.online')}` : ''}
            </option>
          ))}
        </select>
        <input
          name="handOverNote"
          aria-label={t('centre.handover.note')}
          placeholder={t('centre.handover.note')}
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="button" data-action="hand-over" disabled={!to} onClick={() => void handOver()}>
          {t('centre.handover.submit')}
        </button>
      </div>
      {done && <p className="ok">{done}</p>}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
