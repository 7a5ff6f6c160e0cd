import { createContext, useContext } from 'react';
import type { Api } from './api/api';
import type { Session } from './api/session';

export interface SessionContextValue {
  session: Session;
  api: Api;
  /** The current access token, for socket handshakes (renewed while the page is open). */
  token: () => string;
  logout: () => void;
}

export const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** The logged-in session; only rendered below the login gate. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a logged-in page');
  return value;
}
