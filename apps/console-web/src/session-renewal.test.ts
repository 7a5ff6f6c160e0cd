import { describe, expect, it } from 'vitest';
import { renewalDelay, tokenExpiry } from './session-renewal';

function jwt(payload: object): string {
  const encode = (o: object) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.signature`;
}

describe('session renewal', () => {
  const now = Date.parse('2026-11-28T08:00:00.000Z');

  it("reads the token's expiry", () => {
    expect(tokenExpiry(jwt({ sub: 'u', exp: now / 1000 + 900 }))).toBe(now + 900_000);
    expect(tokenExpiry('not-a-jwt')).toBeUndefined();
    expect(tokenExpiry(jwt({ sub: 'u' }))).toBeUndefined();
  });

  it('renews a minute before expiry, never sooner than 5 s from now', () => {
    expect(renewalDelay(jwt({ exp: now / 1000 + 900 }), now)).toBe(840_000);
    expect(renewalDelay(jwt({ exp: now / 1000 + 30 }), now)).toBe(5_000);
    expect(renewalDelay('garbage', now)).toBeUndefined();
  });
});
