import { type Role, ROLES, resetPasswordSchema, type UserView } from '@app/contracts';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { DistrictChoices } from './DistrictChoices';
import { issues } from './form-helpers';
import { formatDistricts, isLastEnabledAdmin, roleAndDistrictsChange, rolesFor } from './user-admin';

export interface RowOutcome {
  ok: boolean;
  text: string;
}

/**
 * One user, and what an admin may do to it. Everything that ends the user's sessions asks
 * first (disable, another role, password reset, ending the sessions).
 */
export function UserRow(props: {
  user: UserView;
  users: readonly UserView[];
  responderName: string;
  /** The districts residents live in, offered as choices. */
  knownDistricts: readonly string[];
  onDone: (outcome: RowOutcome, changed: boolean) => void;
  describe: (error: unknown) => string;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const { user } = props;
  const [role, setRole] = useState<Role>(user.role);
  const [districts, setDistricts] = useState(formatDistricts(user.districts));
  const [password, setPassword] = useState('');
  const lastAdmin = isLastEnabledAdmin(props.users, user);

  async function act(confirmation: string | undefined, work: () => Promise<unknown>, done: string): Promise<void> {
    if (confirmation && !window.confirm(confirmation)) return;
    try {
      await work();
      props.onDone({ ok: true, text: done }, true);
    } catch (e) {
      props.onDone({ ok: false, text: props.describe(e) }, false);
    }
  }

  function save() {
    const change = roleAndDistrictsChange(user, role, districts);
    if (!change) return;
    const confirmation = change.role ? t('users.confirmRoleChange', { username: user.username, role: t(`role.${change.role}`) }) : undefined;
    void act(confirmation, () => api.updateUser(user.id, change), t('users.saved', { username: user.username }));
  }

  function resetPassword() {
    const parsed = resetPasswordSchema.safeParse({ password });
    if (!parsed.success) return props.onDone({ ok: false, text: issues(t, parsed.error).join(t('failure.listSeparator')) }, false);
    void act(
      t('users.confirmResetPassword', { username: user.username }),
      async () => {
        await api.resetPassword(user.id, parsed.data);
        setPassword('');
      },
      t('users.passwordReset', { username: user.username }),
    );
  }

  const toggle = user.disabled
    ? () => void act(undefined, () => api.updateUser(user.id, { disabled: false }), t('users.saved', { username: user.username }))
    : () =>
        void act(
          t('users.confirmDisable', { username: user.username }),
          () => api.updateUser(user.id, { disabled: true }),
          t('users.saved', { username: user.username }),
        );

  return (
    <tr data-user={user.username} className={user.disabled ? 'disabled' : undefined}>
      <td>{user.username}</td>
      <td>
        <select aria-label={t('users.role')} value={role} disabled={lastAdmin} onChange={(e) => setRole(e.target.value as Role)}>
          {rolesFor(user, ROLES).map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td>{props.responderName}</td>
      <td>
        <input aria-label={t('users.districts')} title={t('users.districtsHint')} value={districts} onChange={(e) => setDistricts(e.target.value)} />
        <DistrictChoices known={props.knownDistricts} text={districts} onChange={setDistricts} />
        <button type="button" onClick={save}>
          {t('users.save')}
        </button>
      </td>
      <td>{user.disabled ? t('users.disabled') : t('users.enabled')}</td>
      <td>
        <button
          type="button"
          className={user.disabled ? undefined : 'danger'}
          disabled={lastAdmin}
          title={lastAdmin ? t('users.lastAdmin') : undefined}
          onClick={toggle}
        >
          {user.disabled ? t('users.enable') : t('users.disable')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() =>
            void act(
              t('users.confirmRevokeSessions', { username: user.username }),
              () => api.revokeSessions(user.id),
              t('users.sessionsRevoked', { username: user.username }),
            )
          }
        >
          {t('users.revokeSessions')}
        </button>
        <input
          aria-label={t('users.newPassword')}
          placeholder={t('users.newPassword')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="button" className="danger" onClick={resetPassword}>
          {t('users.resetPassword')}
        </button>
      </td>
    </tr>
  );
}
