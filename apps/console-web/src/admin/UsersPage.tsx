import { createUserSchema, type Role, ROLES } from '@app/contracts';
import { type FormEvent, useCallback, useState } from 'react';
import { describeFailure } from '../components/failure';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { issues } from './form-helpers';
import { useLoad } from './use-load';
import { UserRow } from './UserRow';

export function UsersPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const users = useLoad(useCallback(() => api.users(), [api]));
  const responders = useLoad(useCallback(() => api.responders(), [api]));
  const districts = useLoad(useCallback(() => api.districts(), [api]));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [responderId, setResponderId] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = createUserSchema.safeParse({
      username,
      password,
      role,
      ...(role === 'responder' && responderId ? { responderId } : {}),
    });
    if (!parsed.success) return setMessage({ ok: false, text: issues(t, parsed.error).join(t('failure.listSeparator')) });
    try {
      const created = await api.createUser(parsed.data);
      setMessage({
        ok: true,
        text: t('users.created', { username: created.username }),
      });
      setUsername('');
      setPassword('');
      users.reload();
    } catch (e) {
      setMessage({ ok: false, text: describeFailure(t, e) });
    }
  }

  const responderName = (id?: string) => (id ? (responders.data?.find((r) => r.id === id)?.fullName ?? id) : '');
  return (
    <main className="admin">
      <h2>{t('nav.users')}</h2>
      <form className="inline-form card" onSubmit={(e) => void submit(e)} aria-label={t('users.create')}>
        <label>
          {t('auth.username')}
          <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('auth.password')}
          <input name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <label>
          {t('users.role')}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {role === 'responder' && (
          <label>
            {t('users.responder')}
            <select name="responderId" value={responderId} onChange={(e) => setResponderId(e.target.value)}>
              <option value="">{t('common.none')}</option>
              {(responders.data ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {t(`responderRole.${r.role}`)} · {r.fullName}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" className="primary">
          {t('users.create')}
        </button>
      </form>
      {message && <p className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
      {users.error !== undefined && <p className="error">{describeFailure(t, users.error)}</p>}
      <table className="plain list" aria-label={t('nav.users')}>
        <thead>
          <tr>
            <th>{t('auth.username')}</th>
            <th>{t('users.role')}</th>
            <th>{t('users.responder')}</th>
            <th>{t('users.districts')}</th>
            <th>{t('users.status')}</th>
            <th>{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <UserRow
              // A new version of the user (after a change) resets what its row's inputs hold.
              key={`${u.id}-${u.role}-${u.disabled}-${u.districts.join(',')}`}
              user={u}
              users={users.data ?? []}
              responderName={responderName(u.responderId)}
              knownDistricts={districts.data?.items ?? []}
              describe={(e) => describeFailure(t, e)}
              onDone={(outcome, changed) => {
                setMessage(outcome);
                if (changed) users.reload();
              }}
            />
          ))}
        </tbody>
      </table>
    </main>
  );
}
