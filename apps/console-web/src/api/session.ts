import type { Role } from '@app/contracts';

/** Who is logged in. Kept in sessionStorage: it survives a reload, not a closed tab. */
export interface Session {
  accessToken: string;
  user: { id: string; username: string; role: Role };
}

const KEY = 'heartkey.session';

export function loadSession(storage: Storage = sessionStorage): Session | undefined {
  const raw = storage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.accessToken === 'string' && parsed.user && typeof parsed.user.username === 'string') return parsed as Session;
  } catch {
    // A damaged entry is the same as none.
  }
  storage.removeItem(KEY);
  return undefined;
}

export function saveSession(session: Session, storage: Storage = sessionStorage): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(KEY);
}
