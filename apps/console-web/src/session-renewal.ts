import { useEffect } from 'react';
import type { Api } from './api/api';
import { RequestFailed } from './api/http';
import type { Session } from './api/session';

/** The `exp` of an access token (a JWT), in ms; undefined when it cannot be read. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = token.split('.')[1];
    if (!payload) return undefined;
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Renew a minute before expiry (at least 5 s from now), so a shift-long session never lapses mid-call. */
export function renewalDelay(token: string, nowMs: number): number | undefined {
  const expiry = tokenExpiry(token);
  return expiry === undefined ? undefined : Math.max(5_000, expiry - nowMs - 60_000);
}

const RETRY_MS = 15_000;

/**
 * Keeps the session's token fresh while the page is open. A refused renewal (401: the session
 * was ended or the password changed) logs out; a network failure is retried.
 */
export function useSessionRenewal(api: Api | undefined, session: Session | undefined, onRenewed: (s: Session) => void, onEnded: () => void): void {
  const token = session?.accessToken;
  useEffect(() => {
    if (!api || !token) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = (ms: number | undefined) => {
      if (ms !== undefined && !stopped) timer = setTimeout(() => void renew(), ms);
    };
    const renew = async () => {
      try {
        onRenewed(await api.refresh());
      } catch (error) {
        if (error instanceof RequestFailed && error.statusCode === 401) onEnded();
        else schedule(RETRY_MS);
      }
    };
    schedule(renewalDelay(token, Date.now()));
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, token, onRenewed, onEnded]);
}
