import { ROLES, type Role } from '@app/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConsoleApp } from '../../apps/console/src/app';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/**
 * The console's access policy, declared once, and checked by calling every route with every
 * role and with no token. A route the app serves that this table does not declare fails the
 * suite: nothing becomes reachable by accident.
 */
type Audience = 'public' | 'authenticated' | readonly Role[];

const CONSOLE: readonly Role[] = ['operator', 'supervisor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const RESPONDER: readonly Role[] = ['responder'];

const POLICY: Record<string, Audience> = {
  'POST /v1/auth/login': 'public',
  'POST /v1/auth/refresh': 'authenticated',
  'POST /v1/auth/logout': 'authenticated',
  'POST /v1/auth/password': 'authenticated',
  'GET /v1/audit': ADMIN,
  'POST /v1/users': ADMIN,
  'GET /v1/users': ADMIN,
  'PATCH /v1/users/{id}': ADMIN,
  'POST /v1/users/{id}/revoke-sessions': ADMIN,
  'POST /v1/users/{id}/password': ADMIN,
  'POST /v1/responders': ADMIN,
  'GET /v1/responders': CONSOLE,
  'POST /v1/residents': ADMIN,
  'GET /v1/residents': CONSOLE,
  'GET /v1/residents/{id}': CONSOLE,
  'PATCH /v1/residents/{id}': ADMIN,
  'GET /v1/residents/{id}/care-team': CONSOLE,
  'PUT /v1/residents/{id}/care-team': ADMIN,
  'POST /v1/devices': ADMIN,
  'GET /v1/devices': ADMIN,
  'POST /v1/devices/{serial}/rotate-secret': ADMIN,
  'POST /v1/devices/{serial}/disable': ADMIN,
  'POST /v1/devices/{serial}/enable': ADMIN,
  'POST /v1/devices/{serial}/reassign': ADMIN,
  'GET /v1/devices/unregistered': ADMIN,
  'POST /v1/devices/{serial}/locate': CONSOLE,
  'PUT /v1/devices/{serial}/sos-numbers': CONSOLE,
  'GET /v1/incidents': CONSOLE,
  'GET /v1/incidents/{id}': CONSOLE,
  'POST /v1/incidents/{id}/acknowledge': CONSOLE,
  'POST /v1/incidents/{id}/notes': CONSOLE,
  'POST /v1/incidents/{id}/resolve': CONSOLE,
  'POST /v1/incidents/{id}/cancel': CONSOLE,
  'POST /v1/incidents/{id}/dispatches': CONSOLE,
  'POST /v1/incidents/{id}/welfare-calls/{residentId}': CONSOLE,
  'GET /v1/incidents/{id}/welfare-calls.csv': CONSOLE,
  'GET /v1/districts/overview': CONSOLE,
  'GET /v1/dispatches/mine': RESPONDER,
  'POST /v1/dispatches/{id}/accept': RESPONDER,
  'POST /v1/dispatches/{id}/decline': RESPONDER,
  'GET /v1/dispatches/{id}/door': RESPONDER,
  'POST /v1/dispatches/{id}/en-route': RESPONDER,
  'POST /v1/dispatches/{id}/arrive': RESPONDER,
  'POST /v1/dispatches/{id}/complete': RESPONDER,
  'POST /v1/admin/queues/session': ADMIN,
  'GET /v1/districts': CONSOLE,
  'GET /v1/follow-ups': CONSOLE,
  'GET /v1/follow-ups/export.csv': CONSOLE,
  'POST /v1/follow-ups/{id}/complete': CONSOLE,
  'GET /v1/visit-requests': CONSOLE,
  'GET /v1/visit-requests/export.csv': CONSOLE,
  'GET /v1/visit-requests/mine': RESPONDER,
  'POST /v1/visits': [...CONSOLE, 'responder'],
  'GET /v1/visits/mine': RESPONDER,
  'GET /v1/visits/my-residents': RESPONDER,
  'GET /v1/residents/{id}/visits': CONSOLE,
  'GET /v1/residents/{id}/visits/export.csv': CONSOLE,
  'GET /v1/residents/{id}/alarm-pattern': CONSOLE,
  'GET /v1/care-services': [...CONSOLE, 'responder'],
  'PUT /v1/care-services': ADMIN,
  'GET /v1/reports/care-hours': CONSOLE,
  'GET /v1/reports/care-hours/export.csv': CONSOLE,
  'GET /v1/reports/alarm-patterns': CONSOLE,
  'GET /v1/reports/alarm-patterns/export.csv': CONSOLE,
  'GET /v1/reports/care-watch': CONSOLE,
  // Centre pages (apps/console/src/centre).
  'GET /v1/incidents/{id}/history': CONSOLE,
  'GET /v1/incident-search': CONSOLE,
  'GET /v1/protocols': CONSOLE,
  'PUT /v1/protocols/{kind}': ADMIN,
  'GET /v1/incidents/{id}/protocols': CONSOLE,
  'POST /v1/incidents/{id}/protocols': CONSOLE,
  'POST /v1/incidents/{id}/emergency-calls': CONSOLE,
  'GET /v1/shift/members': CONSOLE,
  'GET /v1/shift/my-incidents': CONSOLE,
  'POST /v1/incidents/{id}/hand-over': CONSOLE,
  'GET /v1/shift/handovers': CONSOLE,
  'POST /v1/shift/handovers': CONSOLE,
  'GET /v1/reports/incidents.csv': ['supervisor', 'admin'],
  'GET /v1/centre/settings': CONSOLE,
};

/** Outside the OpenAPI document: open to probes and scrapers by design. */
const OPERATIONAL = ['/health/live', '/health/ready', '/metrics', '/docs/openapi.json'];

const PARAMS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  residentId: '00000000-0000-4000-8000-000000000000',
  serial: 'NO-SUCH-DEVICE',
};

/** Routes that end the caller's session run last, so the tokens stay valid for the rest. */
const SESSION_ENDING = new Set(['POST /v1/auth/logout']);

describe('access matrix: every console route × every role', () => {
  let env: SuiteEnvironment;
  let app: NestFastifyApplication;
  let url: string;
  const tokens = new Map<Role, string>();
  let routes: string[];

  async function call(route: string, token?: string): Promise<number> {
    const [method, template] = route.split(' ') as [string, string];
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? 'x');
    const withBody = method !== 'GET';
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(withBody ? { 'content-type': 'application/json' } : {}) },
      body: withBody ? '{}' : undefined,
    });
    await res.arrayBuffer();
    return res.status;
  }

  async function api(method: string, path: string, token: string | undefined, body: unknown): Promise<any> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return res.json();
  }

  beforeAll(async () => {
    env = await createSuiteEnvironment('matrix');
    app = await createConsoleApp(env.config);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    const admin = (await api('POST', '/v1/auth/login', undefined, { username: 'admin', password: 'admin-password-1' })).accessToken as string;
    const responder = await api('POST', '/v1/responders', admin, { fullName: 'Matrix Carer', role: 'carer', phone: '+86 1' });
    for (const role of ROLES) {
      const username = `matrix-${role}`;
      await api('POST', '/v1/users', admin, { username, password: 'matrix-password-1', role, ...(role === 'responder' ? { responderId: responder.id } : {}) });
      tokens.set(role, (await api('POST', '/v1/auth/login', undefined, { username, password: 'matrix-password-1' })).accessToken as string);
    }
    const doc = (await (await fetch(`${url}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`));
  });

  afterAll(async () => {
    await app?.close();
    await env?.destroy();
  });

  it('declares a policy for every route the console serves, and no route that is gone', () => {
    expect([...routes].sort()).toEqual(Object.keys(POLICY).sort());
  });

  it('answers every route as the policy says, for every role and without a token', async () => {
    const ordered = Object.keys(POLICY).sort((a, b) => Number(SESSION_ENDING.has(a)) - Number(SESSION_ENDING.has(b)));
    const wrong: string[] = [];
    for (const route of ordered) {
      const audience = POLICY[route]!;
      const anonymous = await call(route);
      if (audience === 'public' ? anonymous === 401 || anonymous === 403 : anonymous !== 401) wrong.push(`${route} without a token: ${anonymous}`);
      for (const role of ROLES) {
        const status = await call(route, tokens.get(role));
        const allowed = audience === 'public' || audience === 'authenticated' || audience.includes(role);
        if (allowed ? status === 401 || status === 403 : status !== 403) wrong.push(`${route} as ${role}: ${status}`);
        if (status >= 500) wrong.push(`${route} as ${role}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('leaves health, metrics and the API description open, and the queue dashboard to admin sessions only', async () => {
    for (const path of OPERATIONAL) expect((await fetch(`${url}${path}`)).status).toBe(200);
    for (const role of ROLES) {
      const res = await fetch(`${url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${tokens.get(role)}` } });
      expect(res.status).toBe(401); // an access token is no dashboard session
    }
  });
});
