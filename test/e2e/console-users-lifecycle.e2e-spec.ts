import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Socket } from 'socket.io-client';
import { connectSocket, type RunningConsole, startConsole, closedByServer } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

interface Answer {
  status: number;
  body: any;
}

/**
 * An admin ends anyone's access: disabling, another role, revoking sessions, resetting a
 * password, all at once on every console instance; a session ends SESSION_MAX_AGE_S after its
 * login whatever the renewals; and no change leaves the system without an enabled admin.
 */
describe('users over their whole life', () => {
  let env: SuiteEnvironment;
  let first: RunningConsole;
  let second: RunningConsole;
  /** A third instance on the same database whose sessions last 3 s. */
  let shortLived: RunningConsole;
  let admin: string;
  const sockets: Socket[] = [];
  let serial = 0;

  async function call(method: string, path: string, token?: string, body?: unknown, url = first.url): Promise<Answer> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  const login = (username: string, password: string, url = first.url) => call('POST', '/v1/auth/login', undefined, { username, password }, url);
  const tokenOf = async (username: string, password: string, url = first.url) => {
    const res = await login(username, password, url);
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };

  async function newUser(role: string): Promise<{ id: string; username: string; password: string }> {
    const username = `${role}-life-${++serial}`;
    const password = `${role}-password-${serial}0000`;
    const res = await call('POST', '/v1/users', admin, { username, password, role });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username, password };
  }

  async function open(url: string, token: string): Promise<Socket> {
    const socket = await connectSocket(url, '/console', token);
    sockets.push(socket);
    return socket;
  }

  const closed = (socket: Socket) => closedByServer(socket);

  beforeAll(async () => {
    env = await createSuiteEnvironment('userslife');
    first = await startConsole(env.config);
    second = await startConsole(env.config);
    shortLived = await startConsole(env.configWith({ SESSION_MAX_AGE_S: '3', ACCESS_TOKEN_TTL_S: '60' }));
    admin = await tokenOf('admin', 'admin-password-1');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    const apps: (NestFastifyApplication | undefined)[] = [shortLived?.app, second?.app, first?.app];
    for (const app of apps) await app?.close();
    await env?.destroy();
  });

  it('disabling a user refuses its tokens at once, closes its sockets everywhere and refuses its logins', async () => {
    const user = await newUser('operator');
    const token = await tokenOf(user.username, user.password);
    const other = await tokenOf(user.username, user.password, second.url);
    const here = await open(first.url, token);
    const there = await open(second.url, other);
    const bystander = await open(second.url, admin);
    const closings = [closed(here), closed(there)];

    const disabled = await call('PATCH', `/v1/users/${user.id}`, admin, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual({ id: user.id, username: user.username, role: 'operator', districts: [], disabled: true });
    expect(await Promise.all(closings)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await call('GET', '/v1/incidents', token)).status).toBe(401);
    expect((await call('GET', '/v1/incidents', other, undefined, second.url)).status).toBe(401);
    expect((await call('POST', '/v1/auth/refresh', token)).status).toBe(401);
    await expect(open(first.url, token)).rejects.toThrow('unauthorized');
    expect(bystander.connected).toBe(true);

    // The same answer as a wrong password: nobody learns the account exists but is disabled.
    const refused = await login(user.username, user.password);
    const wrong = await login(user.username, 'not-the-password');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe(wrong.body.message);

    const listed = (await call('GET', '/v1/users', admin)).body as { id: string; disabled: boolean }[];
    expect(listed.find((u) => u.id === user.id)?.disabled).toBe(true);

    // Enabled again: a new login works, the tokens from before the disabling stay dead.
    expect((await call('PATCH', `/v1/users/${user.id}`, admin, { disabled: false })).body.disabled).toBe(false);
    const fresh = await tokenOf(user.username, user.password);
    expect((await call('GET', '/v1/incidents', fresh)).status).toBe(200);
    expect((await call('GET', '/v1/incidents', token)).status).toBe(401);
  });

  it('another role ends the sessions; districts are stored; a responder link is not made by a role change', async () => {
    const user = await newUser('operator');
    const token = await tokenOf(user.username, user.password);
    const socket = await open(second.url, token);
    const closing = closed(socket);
    const changed = await call('PATCH', `/v1/users/${user.id}`, admin, { role: 'supervisor', districts: ['东城区', 'West'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ id: user.id, username: user.username, role: 'supervisor', districts: ['东城区', 'West'], disabled: false });
    expect(await closing).toBe('io server disconnect');
    expect((await call('GET', '/v1/incidents', token)).status).toBe(401);
    const fresh = await tokenOf(user.username, user.password);
    expect((await call('POST', '/v1/auth/refresh', fresh)).body.user.role).toBe('supervisor');

    // Districts alone change nothing about the sessions.
    expect((await call('PATCH', `/v1/users/${user.id}`, admin, { districts: [] })).body.districts).toEqual([]);
    expect((await call('GET', '/v1/incidents', fresh)).status).toBe(200);

    expect((await call('PATCH', `/v1/users/${user.id}`, admin, { role: 'responder' })).status).toBe(400);
    expect((await call('PATCH', `/v1/users/${user.id}`, admin, {})).status).toBe(400);
    expect((await call('PATCH', `/v1/users/${user.id}`, admin, { disabled: 'yes' })).status).toBe(400);
    expect((await call('PATCH', '/v1/users/00000000-0000-4000-8000-000000000000', admin, { disabled: true })).status).toBe(404);
  });

  it('revoke-sessions ends every token and socket of the user, and only that', async () => {
    const user = await newUser('operator');
    const token = await tokenOf(user.username, user.password);
    const other = await tokenOf(user.username, user.password, second.url);
    const socket = await open(second.url, other);
    const closing = closed(socket);
    expect((await call('POST', `/v1/users/${user.id}/revoke-sessions`, admin)).status).toBe(204);
    expect(await closing).toBe('io server disconnect');
    expect((await call('GET', '/v1/incidents', token)).status).toBe(401);
    expect((await call('GET', '/v1/incidents', other, undefined, second.url)).status).toBe(401);
    expect((await call('GET', '/v1/incidents', admin)).status).toBe(200);
    // Not disabled: logging in again works.
    expect((await call('GET', '/v1/incidents', await tokenOf(user.username, user.password))).status).toBe(200);
    expect((await call('POST', '/v1/users/00000000-0000-4000-8000-000000000000/revoke-sessions', admin)).status).toBe(404);
  });

  it('an admin password reset ends the sessions; the old password stops working', async () => {
    const user = await newUser('operator');
    const token = await tokenOf(user.username, user.password);
    const socket = await open(first.url, token);
    const closing = closed(socket);
    expect((await call('POST', `/v1/users/${user.id}/password`, admin, { password: 'short' })).status).toBe(400);
    expect((await call('POST', `/v1/users/${user.id}/password`, admin, { password: 'a-brand-new-password' })).status).toBe(204);
    expect(await closing).toBe('io server disconnect');
    expect((await call('GET', '/v1/incidents', token)).status).toBe(401);
    expect((await login(user.username, user.password)).status).toBe(401);
    expect((await login(user.username, 'a-brand-new-password')).status).toBe(200);
  });

  it('never leaves no enabled admin', async () => {
    const me = (await call('GET', '/v1/users', admin)).body.find((u: { username: string }) => u.username === 'admin') as { id: string };
    expect((await call('PATCH', `/v1/users/${me.id}`, admin, { disabled: true })).status).toBe(409);
    expect((await call('PATCH', `/v1/users/${me.id}`, admin, { role: 'operator' })).status).toBe(409);
    expect((await call('GET', '/v1/incidents', admin)).status).toBe(200);

    // With a second admin, one may go; then the remaining one may not.
    const deputy = await newUser('admin');
    const deputyToken = await tokenOf(deputy.username, deputy.password);
    expect((await call('PATCH', `/v1/users/${me.id}`, deputyToken, { disabled: true })).status).toBe(200);
    expect((await call('PATCH', `/v1/users/${deputy.id}`, deputyToken, { disabled: true })).status).toBe(409);
    expect((await call('PATCH', `/v1/users/${deputy.id}`, deputyToken, { role: 'supervisor' })).status).toBe(409);
    expect((await call('PATCH', `/v1/users/${me.id}`, deputyToken, { disabled: false })).status).toBe(200);
    admin = await tokenOf('admin', 'admin-password-1');
    expect((await call('PATCH', `/v1/users/${deputy.id}`, admin, { role: 'operator' })).status).toBe(200);
  });

  it('a session ends SESSION_MAX_AGE_S after its login, whatever the renewals', async () => {
    const user = await newUser('operator');
    const started = Math.floor(Date.now() / 1000);
    const token = await tokenOf(user.username, user.password, shortLived.url);
    await new Promise((r) => setTimeout(r, 1200));
    const renewed = await call('POST', '/v1/auth/refresh', token, undefined, shortLived.url);
    expect(renewed.status).toBe(200);
    // The renewed token is no longer-lived than the session, even though tokens last 60 s on that instance.
    const exp = (JSON.parse(Buffer.from((renewed.body.accessToken as string).split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;
    expect(exp).toBeLessThanOrEqual(started + 4);

    await new Promise((r) => setTimeout(r, 2500));
    expect((await call('POST', '/v1/auth/refresh', renewed.body.accessToken, undefined, shortLived.url)).status).toBe(401);
    expect((await call('GET', '/v1/incidents', renewed.body.accessToken, undefined, shortLived.url)).status).toBe(401);
    // Logging in again starts a new session.
    expect((await call('GET', '/v1/incidents', await tokenOf(user.username, user.password, shortLived.url), undefined, shortLived.url)).status).toBe(200);
  });
});
