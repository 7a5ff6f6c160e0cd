import { RESPONDER_ROLES, type ResponderRole, responderInputSchema } from '@app/contracts';
import { type FormEvent, useCallback, useState } from 'react';
import { TelLink } from '../components/TelLink';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { issues } from './form-helpers';
import { useLoad } from './use-load';

export function RespondersPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const list = useLoad(useCallback(() => api.responders(), [api]));
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<ResponderRole>('carer');
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = responderInputSchema.safeParse({ fullName, role, phone });
    if (!parsed.success) return setMessage({ ok: false, text: issues(t, parsed.error).join(t('failure.listSeparator')) });
    try {
      const created = await api.createResponder(parsed.data);
      setMessage({
        ok: true,
        text: t('responders.created', { name: created.fullName }),
      });
      setFullName('');
      setPhone('');
      list.reload();
    } catch (e) {
      setMessage({ ok: false, text: describeFailure(t, e) });
    }
  }

  return (
    <main className="admin">
      <h2>{t('nav.responders')}</h2>
      <form className="inline-form card" onSubmit={(e) => void submit(e)} aria-label={t('responders.create')}>
        <label>
          {t('responder.fullName')}
          <input name="fullName" value={fullName} onChange={(e) => setFullName(e.target.value)} required />
        </label>
        <label>
          {t('responder.role')}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as ResponderRole)}>
            {RESPONDER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`responderRole.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('responder.phone')}
          <input name="phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} required />
        </label>
        <button type="submit" className="primary">
          {t('responders.create')}
        </button>
      </form>
      {message && <p className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
      {list.error !== undefined && <p className="error">{describeFailure(t, list.error)}</p>}
      <table className="plain list" aria-label={t('nav.responders')}>
        <thead>
          <tr>
            <th>{t('responder.fullName')}</th>
            <th>{t('responder.role')}</th>
            <th>{t('responder.phone')}</th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((r) => (
            <tr key={r.id}>
              <td>{r.fullName}</td>
              <td>{t(`responderRole.${r.role}`)}</td>
              <td>
                <TelLink phone={r.phone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
