import type { CareTeam, Responder } from '@app/contracts';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { useLoad } from './use-load';

const TEAM = [
  { role: 'carer', field: 'carerId' },
  { role: 'cadre', field: 'cadreId' },
  { role: 'doctor', field: 'doctorId' },
] as const;

/** Assigns the resident's carer, liaison cadre and doctor. */
export function CareTeamEditor({ residentId }: { residentId: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const responders = useLoad(useCallback(() => api.responders(), [api]));
  const team = useLoad(useCallback(() => api.careTeam(residentId), [api, residentId]));
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  useEffect(() => {
    if (team.data) setChoice(Object.fromEntries(TEAM.map(({ role, field }) => [field, team.data?.[role]?.id ?? ''])));
  }, [team.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const saved: CareTeam = await api.setCareTeam(residentId, Object.fromEntries(TEAM.map(({ field }) => [field, choice[field] || null])));
      setMessage({
        ok: true,
        text: t('careTeam.saved', {
          names: TEAM.flatMap(({ role }) => saved[role]?.fullName ?? []).join(', '),
        }),
      });
    } catch (e) {
      setMessage({ ok: false, text: describeFailure(t, e) });
    }
  }

  const byRole = (role: string): Responder[] => (responders.data ?? []).filter((r) => r.role === role);
  return (
    <form className="card form-grid" onSubmit={(e) => void submit(e)} aria-label={t('careTeam.title')}>
      <h3>{t('careTeam.title')}</h3>
      {TEAM.map(({ role, field }) => (
        <label key={role}>
          {t(`responderRole.${role}`)}
          <select name={field} value={choice[field] ?? ''} onChange={(e) => setChoice((c) => ({ ...c, [field]: e.target.value }))}>
            <option value="">{t('common.none')}</option>
            {byRole(role).map((r) => (
              <option key={r.id} value={r.id}>
                {r.fullName} · {r.phone}
              </option>
            ))}
          </select>
        </label>
      ))}
      {message && <p className={message.ok ? 'ok wide' : 'error wide'}>{message.text}</p>}
      <div className="wide row-actions">
        <button type="submit" data-action="save-care-team">
          {t('careTeam.save')}
        </button>
      </div>
    </form>
  );
}
