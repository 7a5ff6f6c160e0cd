import { CONSOLE_ROLES } from '@app/contracts';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useAudioUnlock } from './alert/alarm-sound';
import { Api } from './api/api';
import { clearSession, loadSession, saveSession, type Session } from './api/session';
import { ConsoleShell } from './ConsoleShell';
import { LoginPage } from './LoginPage';
import { ResponderPage } from './responder/ResponderPage';
import { navigate, Route, useRoute } from './router';
import { SessionContext } from './session-context';
import { useSessionRenewal } from './session-renewal';
import { WrongRolePage } from './WrongRolePage';

/** Login gate, then the console (operators, supervisors, admins) or the phone view (responders). */
export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const route = useRoute();
  useAudioUnlock();

  // Requests and socket handshakes read the token when they happen: a renewal changes nothing else.
  const tokenRef = useRef(session?.accessToken ?? '');
  tokenRef.current = session?.accessToken ?? '';
  const token = useCallback(() => tokenRef.current, []);

  const endSession = useCallback(() => {
    clearSession();
    setSession(undefined);
  }, []);
  const userId = session?.user.id;
  const api = useMemo(() => (userId ? new Api({ token, onUnauthorized: endSession }) : undefined), [userId, token, endSession]);
  const logout = useCallback(() => {
    // Best effort: the server forgets the session too; the browser forgets it whatever happens.
    api?.logout().catch(() => undefined);
    endSession();
  }, [api, endSession]);

  const renewed = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
  }, []);
  useSessionRenewal(api, session, renewed, endSession);

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
    <SessionContext.Provider value={{ session, api, token, logout }}>
      {isResponder ? <ResponderPage /> : isConsoleUser && route !== Route.Responder ? <ConsoleShell route={route} /> : <WrongRolePage />}
    </SessionContext.Provider>
  );
}
