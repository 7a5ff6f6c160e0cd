import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Socket } from 'socket.io-client';
import { createConsoleApp } from '../../apps/console/src/app';
import { connectSocket, closedByServer } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/** Logout and password change revoke existing tokens and close that user's sockets, on every instance. */
describe('sessions', () => {
  let env: SuiteEnvironment;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  let url1: string;
  let url2: string;
  let admin: string;
  const sockets: Socket[] = [];

  async function call(method: string, path: string, token?: string, body?: unknown, url = url1): Promise<{ status: number; body: any }> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  const login = async (username: string, password: string) =>
    (await call('POST', '/v1/auth/login', undefined, { username, password })).body?.accessToken as string;

  const closed = (socket: Socket) => closedByServer(socket);

  async function open(url: string, namespace: string, token: string): Promise<Socket> {
    const socket = await connectSocket(url, namespace, token);
    sockets.push(socket);
    return socket;
  }

  beforeAll(async () => {
    env = await createSuiteEnvironment('sessions');
    first = await createConsoleApp(env.config);
    await first.listen(0, '127.0.0.1');
    url1 = await first.getUrl();
    second = await createConsoleApp(env.config);
    await second.listen(0, '127.0.0.1');
    url2 = await second.getUrl();
    admin = await login('admin', 'admin-password-1');
    expect((await call('POST', '/v1/users', admin, { username: 'op-s', password: 'operator-password-1', role: 'operator' })).status).toBe(201);
    const responder = await call('POST', '/v1/responders', admin, { fullName: 'Carer S', role: 'carer', phone: '+86 1' });
    expect(
      (await call('POST', '/v1/users', admin, { username: 'carer-s', password: 'responder-password-1', role: 'responder', responderId: responder.body.id }))
        .status,
    ).toBe(201);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await second?.close();
    await first?.close();
    await env?.destroy();
  });

  it('logout ends every token and socket of the user, on every console instance', async () => {
    const token = await login('op-s', 'operator-password-1');
    const other = await login('op-s', 'operator-password-1');
    const here = await open(url1, '/console', token);
    const there = await open(url2, '/console', other);
    const bystander = await open(url2, '/console', admin);
    const closings = [closed(here), closed(there)];

    expect((await call('POST', '/v1/auth/logout', token)).status).toBe(204);
    expect(await Promise.all(closings)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await call('GET', '/v1/incidents', token)).status).toBe(401);
    expect((await call('GET', '/v1/incidents', other, undefined, url2)).status).toBe(401);
    await expect(open(url1, '/console', token)).rejects.toThrow('unauthorized');
    expect(bystander.connected).toBe(true);

    const fresh = await login('op-s', 'operator-password-1');
    expect((await call('GET', '/v1/incidents', fresh)).status).toBe(200);
  });

  it('refresh gives a new working token without ending the session', async () => {
    const token = await login('op-s', 'operator-password-1');
    const renewed = await call('POST', '/v1/auth/refresh', token);
    expect(renewed.status).toBe(200);
    expect(renewed.body.user).toMatchObject({ username: 'op-s', role: 'operator' });
    expect((await call('GET', '/v1/incidents', renewed.body.accessToken)).status).toBe(200);
    expect((await call('GET', '/v1/incidents', token)).status).toBe(200);
    expect((await call('POST', '/v1/auth/refresh')).status).toBe(401);
  });

  it('a password change ends the sessions of that user, responders included', async () => {
    const token = await login('carer-s', 'responder-password-1');
    const socket = await open(url2, '/responders', token);
    const closing = closed(socket);
    expect((await call('POST', '/v1/auth/password', token, { currentPassword: 'wrong-password', newPassword: 'responder-password-2' })).status).toBe(401);
    expect(socket.connected).toBe(true);
    expect((await call('POST', '/v1/auth/password', token, { currentPassword: 'responder-password-1', newPassword: 'short' })).status).toBe(400);
    expect((await call('POST', '/v1/auth/password', token, { currentPassword: 'responder-password-1', newPassword: 'responder-password-2' })).status).toBe(204);
    expect(await closing).toBe('io server disconnect');
    expect((await call('GET', '/v1/dispatches/mine', token)).status).toBe(401);
    expect(await login('carer-s', 'responder-password-1')).toBeUndefined();
    expect(await login('carer-s', 'responder-password-2')).toEqual(expect.any(String));
  });
});
