import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConsoleApp } from '../../apps/console/src/app';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

interface Answer {
  status: number;
  retryAfter: number;
  body: unknown;
  elapsedMs: number;
}

/** A console with its own throttling limits, and calls against it (optionally "from" another address, via X-Forwarded-For). */
function throttledConsole(suite: string, limits: Record<string, string>) {
  const world: { env?: SuiteEnvironment; app?: NestFastifyApplication; url?: string } = {};
  beforeAll(async () => {
    world.env = await createSuiteEnvironment(suite, limits);
    world.app = await createConsoleApp(world.env.config);
    await world.app.listen(0, '127.0.0.1');
    world.url = await world.app.getUrl();
  });
  afterAll(async () => {
    await world.app?.close();
    await world.env?.destroy();
  });
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const started = Date.now();
    const res = await fetch(`${world.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      retryAfter: Number(res.headers.get('retry-after')),
      body: text ? JSON.parse(text) : undefined,
      elapsedMs: Date.now() - started,
    };
  };
  return {
    login: (username: string, password: string, from?: string) => post('/v1/auth/login', { username, password }, from ? { 'x-forwarded-for': from } : {}),
    changePassword: (token: string, currentPassword: string) =>
      post('/v1/auth/password', { currentPassword, newPassword: 'a-brand-new-password-1' }, { authorization: `Bearer ${token}` }),
  };
}

const ATTACKER = '203.0.113.7';
const ADDRESS_WINDOW_S = 20;
const OWNER = '198.51.100.9';

/** Login throttling per address and per (address, account); 429 is for heartbeats and logins, never alarms. */
describe('login throttling', () => {
  const { login } = throttledConsole('throttle', {
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    LOGIN_ACCOUNT_WINDOW_S: '60',
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '12',
    // Long enough that fourteen attempts fall inside one window on a loaded CI machine (with 2 s they did not).
    LOGIN_ADDRESS_WINDOW_S: String(ADDRESS_WINDOW_S),
    LOGIN_DELAY_BASE_MS: '10',
  });

  it('refuses an address after repeated failures on an account, even for the right password, and says when to retry', async () => {
    for (let i = 0; i < 3; i++) expect((await login('admin', 'wrong-password')).status).toBe(401);
    const refused = await login('admin', 'admin-password-1');
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // Case-insensitive; another account from the same address is not affected.
    expect((await login('ADMIN', 'admin-password-1')).status).toBe(429);
    expect((await login('someone-else', 'whatever-password')).status).toBe(401);
    // Without TRUST_PROXY a client cannot pick its address with X-Forwarded-For.
    expect((await login('admin', 'admin-password-1', OWNER)).status).toBe(429);
  });

  it('limits attempts per client address, then lets them through again after the window', async () => {
    await new Promise((r) => setTimeout(r, ADDRESS_WINDOW_S * 1000 + 100));
    // All at once, so that they arrive within moments of each other.
    const answers = await Promise.all(Array.from({ length: 14 }, (_, i) => login(`probe-${i}`, 'nope-nope-nope').then((a) => a.status)));
    expect(answers.sort()).toEqual([...Array<number>(12).fill(401), 429, 429]);
    await new Promise((r) => setTimeout(r, ADDRESS_WINDOW_S * 1000 + 100));
    expect((await login('probe-x', 'nope-nope-nope')).status).toBe(401);
  }, 120_000);
});

describe('login throttling behind a trusted proxy: no lockout from another address', () => {
  const BASE_MS = 300;
  const MAX_MS = 1200;
  const { login } = throttledConsole('throttle3', {
    TRUST_PROXY: '127.0.0.1',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    LOGIN_ACCOUNT_WINDOW_S: '60',
    LOGIN_DELAY_BASE_MS: String(BASE_MS),
    LOGIN_DELAY_MAX_MS: String(MAX_MS),
  });

  it("throttles the attacker's address and still lets the owner in from elsewhere, after the delay", async () => {
    for (let i = 0; i < 3; i++) expect((await login('admin', `wrong-password-${i}`, ATTACKER)).status).toBe(401);
    // The attacker keeps trying: its address is refused on this account, with a time to retry.
    for (let i = 0; i < 10; i++) {
      const refused = await login('admin', i === 5 ? 'admin-password-1' : 'wrong-password', ATTACKER);
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBeGreaterThan(0);
    }
    // The owner, on another address, gets in with the right password, after the (bounded) delay.
    const owner = await login('admin', 'admin-password-1', OWNER);
    expect(owner.status).toBe(200);
    expect(owner.elapsedMs).toBeGreaterThanOrEqual(MAX_MS - 20);
  });

  it('slows every attempt on an account by a delay that grows with its failures, from whichever address', async () => {
    // A new address for each guess: the per-address limits never apply, only the account's delay.
    const answers: Answer[] = [];
    for (let i = 0; i < 4; i++) answers.push(await login('night-shift', `guess-${i}`, `192.0.2.${i + 1}`));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    // Lower bounds only: a busy machine can only add time. Failures before: 1, 2, 3 → 300, 600, 1200 ms.
    expect(answers[1].elapsedMs).toBeGreaterThanOrEqual(BASE_MS - 20);
    expect(answers[2].elapsedMs).toBeGreaterThanOrEqual(2 * BASE_MS - 20);
    expect(answers[3].elapsedMs).toBeGreaterThanOrEqual(MAX_MS - 20);
  });
});

describe('login throttling reset on success', () => {
  const { login } = throttledConsole('throttle2', { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_DELAY_BASE_MS: '10' });

  it('starts counting failures again after a successful login', async () => {
    const attempt = async (password: string) => (await login('admin', password)).status;
    expect(await attempt('wrong-password')).toBe(401);
    expect(await attempt('wrong-password')).toBe(401);
    expect(await attempt('admin-password-1')).toBe(200);
    expect(await attempt('wrong-password')).toBe(401);
    expect(await attempt('wrong-password')).toBe(401);
    expect(await attempt('admin-password-1')).toBe(200);
  });
});

describe('password change throttling', () => {
  const BASE_MS = 300;
  const { login, changePassword } = throttledConsole('throttle4', {
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    LOGIN_DELAY_BASE_MS: String(BASE_MS),
    LOGIN_DELAY_MAX_MS: '1200',
  });

  it('counts wrong current passwords like failed logins: delayed, then refused for the address', async () => {
    const session = await login('admin', 'admin-password-1');
    expect(session.status).toBe(200);
    const token = (session.body as { accessToken: string }).accessToken;
    const answers: Answer[] = [];
    for (let i = 0; i < 3; i++) answers.push(await changePassword(token, `not-the-password-${i}`));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(answers[2].elapsedMs).toBeGreaterThanOrEqual(2 * BASE_MS - 20);
    const refused = await changePassword(token, 'admin-password-1');
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBeGreaterThan(0);
    // The same counts as logins: this address may not guess the password there either.
    expect((await login('admin', 'admin-password-1')).status).toBe(429);
  });
});
