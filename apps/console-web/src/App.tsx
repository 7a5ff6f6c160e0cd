import { CONSOLE_ROLES } from '@app/contracts';
import { useCallback, useMemo, useState } from 'react';
import { useAudioUnlock } from './alert/alarm-sound';
import { Api } from './api/api';
import { clearSession, loadSession, saveSession, type Session } from './api/session';
import { ConsoleShell } from './console/ConsoleShell';
import { LoginPage } from './LoginPage';
import { ResponderPage } from './responder/ResponderPage';
import { navigate, Route, useRoute } from './router';
import { SessionContext } from './session-context';
import { WrongRolePage } from './WrongRolePage';

/** Login gate, then the console (operators, supervisors, admins) or the phone view (responders). */
export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const route = useRoute();
  useAudioUnlock();

  const logout = useCallback(() => {
    clearSession();
    setSession(undefined);
  }, []);
  const api = useMemo(() => (session ? new Api({ token: session.accessToken, onUnauthorized: logout }) : undefined), [session, logout]);

  const onLogin = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
    if (next.user.role === 'responder') navigate(Route.Responder);
    else if (window.location.pathname === Route.Responder) navigate(Route.Queue);
  }, []);

  if (!session || !api) return <LoginPage onLogin={onLogin} phone={route === Route.Responder} />;
  const isResponder = session.user.role === 'responder';
  const isConsoleUser = CONSOLE_ROLES.includes(session.user.role);
  return (
    <SessionContext.Provider value={{ session, api, logout }}>
      {isResponder ? <ResponderPage /> : isConsoleUser && route !== Route.Responder ? <ConsoleShell route={route} /> : <WrongRolePage />}
    </SessionContext.Provider>
  );
}
