import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConsoleApp } from '../../apps/console/src/app';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/** A console with its own throttling limits, and a login call against it. */
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
  return (username: string, password: string) =>
    fetch(`${world.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
}

/** Login throttling per account and per address (429 is for heartbeats and logins, never alarms). */
describe('login throttling', () => {
  const login = throttledConsole('throttle', {
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    LOGIN_ACCOUNT_WINDOW_S: '60',
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '12',
    LOGIN_ADDRESS_WINDOW_S: '2',
  });

  it('locks an account after repeated failures, even for the right password, and says when to retry', async () => {
    for (let i = 0; i < 3; i++) expect((await login('admin', 'wrong-password')).status).toBe(401);
    const locked = await login('admin', 'admin-password-1');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // Another account is not affected by the lock, and the lock is case-insensitive.
    expect((await login('ADMIN', 'admin-password-1')).status).toBe(429);
    expect((await login('someone-else', 'whatever-password')).status).toBe(401);
  });

  it('limits attempts per client address, then lets them through again after the window', async () => {
    await new Promise((r) => setTimeout(r, 2100));
    const answers: number[] = [];
    for (let i = 0; i < 14; i++) answers.push((await login(`probe-${i}`, 'nope-nope-nope')).status);
    expect(answers.slice(0, 12).every((s) => s === 401)).toBe(true);
    expect(answers.slice(12)).toEqual([429, 429]);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await login('probe-x', 'nope-nope-nope')).status).toBe(401);
  });
});

describe('login throttling reset on success', () => {
  const login = throttledConsole('throttle2', { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });

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
