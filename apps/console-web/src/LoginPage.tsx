import { type FormEvent, useState } from 'react';
import { alarmSound } from './alert/alarm-sound';
import { login } from './api/api';
import { RequestFailed } from './api/http';
import type { Session } from './api/session';
import { LanguageSwitch } from './components/LanguageSwitch';
import { errorMessage } from './error-message';
import { useI18n } from './i18n';

export function LoginPage({ onLogin, phone }: { onLogin: (session: Session) => void; phone: boolean }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The click that logs in is the interaction browsers require before any sound.
    alarmSound.unlock();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await login({ username: username.trim(), password }));
    } catch (e) {
      setError(e instanceof RequestFailed && e.statusCode === 401 ? t('auth.wrongCredentials') : t('error.network', { detail: errorMessage(e) }));
      setBusy(false);
    }
  }

  return (
    <main className={phone ? 'login login-phone' : 'login'}>
      <form className="card login-card" onSubmit={(e) => void submit(e)}>
        <h1>{t('app.name')}</h1>
        <p className="muted">{phone ? t('auth.subtitleResponder') : t('auth.subtitleConsole')}</p>
        <label>
          {t('auth.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('auth.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-action="login" disabled={busy}>
          {t('auth.login')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
