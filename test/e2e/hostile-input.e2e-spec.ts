import {
  careTeamInputSchema,
  createUserSchema,
  deviceInputSchema,
  HANDSET_BODY_LIMIT_BYTES,
  residentInputSchema,
  residentPatchSchema,
  responderInputSchema,
} from '@app/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { z } from 'zod';
import { createConsoleApp } from '../../apps/console/src/app';
import { createIngestApp } from '../../apps/ingest/src/app';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice, type ResidentWithDevice } from '../support/fixtures';
import { signedHeaders } from '../support/handset';

/**
 * Hostile input, generated: more than 10,000 requests against the handset API and the console
 * API that are malformed, mistyped, oversized, forged, replayed or smuggling payloads. Every one
 * must get a clear 4xx in the contract's error shape (or, for a replay, the duplicate answer),
 * no 5xx, no crash, and nothing stored.
 */

const SEED = 20261128;
const TABLES = ['residents', 'responders', 'care_team', 'users', 'devices', 'alarms', 'incidents', 'incident_events', 'dispatches', 'outbox'];

const NASTY_STRINGS = [
  "'; DROP TABLE alarms; --",
  '" OR 1=1 --',
  "1'); DELETE FROM incidents; --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '\u0000\u0001\u0002',
  '\ud800',
  '🚨'.repeat(50),
  'a'.repeat(5000),
  '%00%0d%0aSet-Cookie: x=y',
  '__proto__',
  'constructor',
];

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$gt', 'toString', 'valueOf', 'hasOwnProperty'];

/** Any JSON value, including deep ones, huge numbers, odd strings. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0.1 + 0.2, 1e-320),
);

/** A valid alarm with exactly one thing made invalid. */
function invalidAlarm(): fc.Arbitrary<Record<string, unknown>> {
  const valid = () => ({ eventId: `e${randomUUID().slice(0, 8)}`, type: 'sos' as unknown, batteryPct: 50 as unknown, location: { lat: 1, lng: 2 } as unknown });
  return fc.oneof(
    anyJson.filter((v) => typeof v !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(v)).map((eventId) => ({ ...valid(), eventId })),
    fc
      .constantFrom(...NASTY_STRINGS.filter((n) => !/^[A-Za-z0-9_-]{1,64}$/.test(n)), 'x'.repeat(65), '', 'a b', 'a:b')
      .map((eventId) => ({ ...valid(), eventId })),
    anyJson.filter((t) => !['sos', 'fall', 'low_battery'].includes(t as string)).map((type) => ({ ...valid(), type })),
    fc.constantFrom('SOS', 'device_offline', 'sos ', null, ['sos'], { type: 'sos' }).map((type) => ({ ...valid(), type })),
    fc
      .oneof(fc.integer({ min: 101 }), fc.integer({ max: -1 }), fc.double({ noInteger: true, noNaN: true }), fc.string(), fc.boolean())
      .map((batteryPct) => ({ ...valid(), batteryPct })),
    fc
      .oneof(
        fc.record({ lat: fc.double({ min: 90.0001, max: 1e9, noNaN: true }), lng: fc.constant(0) }),
        fc.record({ lat: fc.constant(0), lng: fc.double({ min: -1e9, max: -180.0001, noNaN: true }) }),
        fc.record({ lat: fc.string(), lng: fc.constant(0) }),
        fc.record({ lat: fc.constant(0), lng: fc.constant(0), extra: anyJson }),
        anyJson.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
      )
      .map((location) => ({ ...valid(), location })),
    fc
      .string()
      .filter((s) => Number.isNaN(Date.parse(s)))
      .map((occurredAt) => ({ ...valid(), occurredAt })),
    fc.tuple(fc.constantFrom(...HOSTILE_KEYS, 'extra', 'incidentId', 'status'), anyJson).map(([key, value]) => {
      const body = valid() as Record<string, unknown>;
      Object.defineProperty(body, key, { value, enumerable: true, configurable: true, writable: true });
      return body;
    }),
  );
}

/** Raw bodies that are not valid JSON objects at all. */
const malformedRaw = fc.oneof(
  fc.constantFrom('', '{', '{"eventId":', '{"eventId":"a","type":"sos"', 'null', '[]', '"sos"', '1', 'true', '{"a":1}{"b":2}', '\u0000', 'NaN'),
  fc.string({ maxLength: 200 }).filter((s) => {
    try {
      const v: unknown = JSON.parse(s);
      return typeof v !== 'object' || v === null;
    } catch {
      return true;
    }
  }),
  fc.integer({ min: 200, max: 2000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 200, max: 2000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.constant(`{"eventId":"big","type":"sos","batteryPct":1${'0'.repeat(400)}}`),
  fc.constant('{"__proto__":{"polluted":true},"eventId":"p1","type":"sos"}'),
  fc.constant('{"constructor":{"prototype":{"polluted":true}},"eventId":"p2","type":"sos"}'),
);

/** One request to send, with a description for the failure message. */
type Attempt = (() => Promise<Response>) & { label: string };
const attempt = (label: string, send: () => Promise<Response>): Attempt => Object.assign(send, { label });

/** What an HTTP client can put in a header value at all (visible Latin-1); the rest never reaches a server. */
const sendableInHeader = (text: string): boolean => /^[\x20-\x7e\xa0-\xff]*$/.test(text);

/** Percent-encodes for a path segment; a lone surrogate (not encodable) is sent as its escape. */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\\u'));
  }
}

// Each test sends thousands of requests: CPU-bound, so with other suites beside it on two cores
// (a plain `jest` runs three at once; `npm test` runs this load suite alone) one can take minutes.
// A guard against a hang, not a measurement.
jest.setTimeout(240_000);

describe('hostile input', () => {
  let env: SuiteEnvironment;
  let ingest: NestFastifyApplication;
  let console_: NestFastifyApplication;
  let ingestUrl: string;
  let consoleUrl: string;
  let device: ResidentWithDevice;
  let db: Client;
  let adminToken: string;
  const statuses = new Map<number, number>();
  let sent = 0;

  async function counts(): Promise<Record<string, number>> {
    const { rows } = await db.query<Record<string, string>>(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
    return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
  }

  /** Sends a batch concurrently and checks each answer is a refusal in the contract's shape. */
  async function expectRefusals(requests: Attempt[], allowed: (status: number) => boolean): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      const batch = requests.slice(i, i + 25);
      const answers = await Promise.all(batch.map((r) => r()));
      for (const [j, answer] of answers.entries()) {
        sent++;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const text = await answer.text();
        if (!allowed(answer.status)) {
          throw new Error(`unexpected ${answer.status} for ${batch[j]!.label.slice(0, 400)}: ${text.slice(0, 300)}`);
        }
        if (answer.status >= 400) {
          const body = JSON.parse(text) as { statusCode: number; error: string; message: unknown };
          expect(body.statusCode).toBe(answer.status);
          expect(typeof body.error).toBe('string');
          expect(typeof body.message === 'string' || Array.isArray(body.message)).toBe(true);
        }
      }
    }
  }

  const isClientError = (s: number) => s >= 400 && s < 500;

  function postHandset(raw: string | Buffer, headers: Record<string, string>, path = '/v1/alarms'): Attempt {
    return attempt(`POST ${path} ${JSON.stringify(headers)} ${String(raw)}`, () => fetch(`${ingestUrl}${path}`, { method: 'POST', headers, body: raw }));
  }

  function signed(raw: string, extra: Record<string, string> = {}): Record<string, string> {
    return { 'content-type': 'application/json', ...signedHeaders(device.serial, device.secret, raw), ...extra };
  }

  function consoleCall(method: string, path: string, body: unknown, token = adminToken, contentType = 'application/json'): Attempt {
    return attempt(`${method} ${path} ${typeof body === 'string' ? body : JSON.stringify(body)}`, () =>
      fetch(`${consoleUrl}${path}`, {
        method,
        headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  }

  beforeAll(async () => {
    env = await createSuiteEnvironment('hostile');
    console_ = await createConsoleApp(env.config);
    await console_.listen(0, '127.0.0.1');
    consoleUrl = await console_.getUrl();
    ingest = await createIngestApp(env.config);
    await ingest.listen(0, '127.0.0.1');
    ingestUrl = await ingest.getUrl();
    device = await createResidentWithDevice(env.databaseUrl, env.config);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const login = await fetch(`${consoleUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    adminToken = ((await login.json()) as { accessToken: string }).accessToken;
  });

  afterAll(async () => {
    await db?.end();
    await ingest?.close();
    await console_?.close();
    await env?.destroy();
    console.log(`hostile requests sent: ${sent}; answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  });

  it('refuses signed but invalid alarm bodies with 400 and stores nothing', async () => {
    const before = await counts();
    const bodies = fc.sample(invalidAlarm(), { numRuns: 2500, seed: SEED });
    await expectRefusals(
      bodies.map((b) => {
        const raw = JSON.stringify(b);
        return postHandset(raw, signed(raw));
      }),
      (s) => s === 400,
    );
    const raws = fc.sample(malformedRaw, { numRuns: 700, seed: SEED });
    await expectRefusals(
      raws.map((raw) => postHandset(raw, signed(raw))),
      (s) => s === 400,
    );
    expect(await counts()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses forged, truncated, misplaced and missing credentials with 401 and stores nothing', async () => {
    const before = await counts();
    const raw = () => JSON.stringify({ eventId: `f${randomUUID().slice(0, 12)}`, type: 'sos' });
    const forgeries = fc.sample(
      fc.oneof(
        fc.stringMatching(/^[0-9a-f]{64}$/).map((sig) => (r: string) => signed(r, { 'x-signature': sig.toLowerCase() })),
        fc.integer({ min: 1, max: 63 }).map((n) => (r: string) => {
          const h = signed(r);
          return { ...h, 'x-signature': h['x-signature']!.slice(0, n) };
        }),
        fc.constant((r: string) => {
          const h = signed(r);
          return { ...h, 'x-signature': h['x-signature']!.toUpperCase() };
        }),
        fc.constant((r: string) => signed(`${r} `, {})),
        fc.constantFrom(...NASTY_STRINGS.filter(sendableInHeader), 'HK-nope', '', ' ').map((serial) => (r: string) => signed(r, { 'x-device-id': serial })),
        fc
          .oneof(fc.string().filter(sendableInHeader), fc.constantFrom('-1', '1e3', '0x10', 'NaN', ''))
          .map((ts) => (r: string) => signed(r, { 'x-timestamp': ts })),
        fc.constantFrom('x-device-id', 'x-timestamp', 'x-signature').map((h) => (r: string) => {
          const all = signed(r);
          delete all[h];
          return all;
        }),
      ),
      { numRuns: 2400, seed: SEED },
    );
    await expectRefusals(
      forgeries.map((forge) => {
        const r = raw();
        return postHandset(r, forge(r));
      }),
      (s) => s === 401,
    );
    // Heartbeats take the same credentials.
    await expectRefusals(
      forgeries.slice(0, 300).map((forge) => postHandset('{}', forge('{}'), '/v1/heartbeats')),
      (s) => s === 401,
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses other content types and oversized bodies with a 4xx', async () => {
    const before = await counts();
    const raw = JSON.stringify({ eventId: 'ctype1', type: 'sos' });
    const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream', ''];
    await expectRefusals(
      Array.from({ length: 120 }, (_, i) => postHandset(raw, signed(raw, { 'content-type': types[i % types.length]! }))),
      isClientError,
    );
    const big = JSON.stringify({ eventId: 'big1', type: 'sos', pad: 'x'.repeat(HANDSET_BODY_LIMIT_BYTES) });
    await expectRefusals(
      Array.from({ length: 30 }, () => postHandset(big, signed(big))),
      (s) => s === 413,
    );
    expect(await counts()).toEqual(before);
  });

  it('answers a replayed press with the duplicate, storing it once', async () => {
    const raw = JSON.stringify({ eventId: `replay-${randomUUID().slice(0, 8)}`, type: 'sos' });
    const headers = signed(raw);
    const first = await fetch(`${ingestUrl}/v1/alarms`, { method: 'POST', headers, body: raw });
    expect(first.status).toBe(202);
    const ids = (await first.json()) as { incidentId: string; alarmId: string };
    const before = await counts();
    await expectRefusals(
      Array.from({ length: 300 }, () => postHandset(raw, headers)),
      (s) => s === 200,
    );
    const replay = await (await fetch(`${ingestUrl}/v1/alarms`, { method: 'POST', headers, body: raw })).json();
    expect(replay).toEqual({ ...ids, duplicate: true });
    expect(await counts()).toEqual(before);
  });

  it('refuses invalid console requests with a 4xx and changes nothing', async () => {
    const residentId = device.residentId;
    const before = await counts();
    const hostileObject = fc.oneof(anyJson, fc.dictionary(fc.constantFrom(...HOSTILE_KEYS, 'fullName', 'dateOfBirth', 'role', 'serial', 'x'), anyJson));
    const bodies = fc.sample(hostileObject, { numRuns: 700, seed: SEED });
    const invalidFor = (schema: z.ZodType) => bodies.filter((b) => !schema.safeParse(b).success);
    const ids = fc.sample(
      fc.oneof(
        fc.constantFrom(...NASTY_STRINGS.filter((s) => !s.includes('/') && !s.includes('\u0000') && s.length < 200)),
        fc.string({ minLength: 1, maxLength: 40 }),
      ),
      {
        numRuns: 300,
        seed: SEED,
      },
    );
    const requests = [
      // Each endpoint gets the generated bodies its own schema refuses (a few random ones happen to be valid).
      ...invalidFor(residentInputSchema).map((b) => consoleCall('POST', '/v1/residents', b)),
      ...invalidFor(createUserSchema).map((b) => consoleCall('POST', '/v1/users', b)),
      ...invalidFor(responderInputSchema).map((b) => consoleCall('POST', '/v1/responders', b)),
      ...invalidFor(deviceInputSchema).map((b) => consoleCall('POST', '/v1/devices', b)),
      ...invalidFor(careTeamInputSchema).map((b) => consoleCall('PUT', `/v1/residents/${residentId}/care-team`, b)),
      ...invalidFor(residentPatchSchema).map((b) => consoleCall('PATCH', `/v1/residents/${residentId}`, b)),
      ...ids.map((id) => consoleCall('GET', `/v1/incidents/${pathSegment(id)}`, undefined)),
      ...ids.map((id) => consoleCall('POST', `/v1/incidents/${pathSegment(id)}/acknowledge`, undefined)),
      ...ids.map((id) => consoleCall('GET', `/v1/residents/${pathSegment(id)}`, undefined)),
      ...ids.map((id) => consoleCall('POST', `/v1/devices/${pathSegment(id)}/rotate-secret`, undefined)),
      ...fc.sample(malformedRaw, { numRuns: 200, seed: SEED }).map((raw) => consoleCall('POST', '/v1/residents', raw)),
      ...fc.sample(malformedRaw, { numRuns: 100, seed: SEED + 1 }).map((raw) => consoleCall('POST', '/v1/auth/login', raw)),
      ...fc.sample(anyJson, { numRuns: 100, seed: SEED }).map((b) => consoleCall('POST', '/v1/auth/login', { username: b, password: b })),
      ...Array.from({ length: 60 }, () => consoleCall('POST', '/v1/residents', 'fullName=x', adminToken, 'application/x-www-form-urlencoded')),
      ...Array.from({ length: 60 }, () => consoleCall('POST', '/v1/residents', { fullName: 'x'.repeat(300 * 1024) })),
      ...fc
        .sample(fc.string({ maxLength: 80 }).filter(sendableInHeader), { numRuns: 100, seed: SEED })
        .map((t) => consoleCall('GET', '/v1/residents', undefined, t)),
    ];
    await expectRefusals(requests, isClientError);
    // Query strings: a generated value may happen to be valid, so reads may answer 200; never 5xx.
    const reads = ['status', 'cursor', 'limit', 'nonsense', '__proto__'].flatMap((name) =>
      ids.map((id) => consoleCall('GET', `/v1/incidents?${name}=${pathSegment(id)}`, undefined)),
    );
    await expectRefusals(reads, (status) => status < 500);
    expect(await counts()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stores hostile-looking text that is valid data verbatim, as data', async () => {
    const storable = (s: string) => s.length <= 120 && ![...s].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff));
    for (const text of NASTY_STRINGS.filter(storable)) {
      const created = await consoleCall('POST', '/v1/residents', { fullName: text, dateOfBirth: '1940-01-01', address: text, accessNotes: text })();
      expect(created.status).toBe(201);
      const resident = (await created.json()) as { id: string; fullName: string; accessNotes: string };
      expect(resident.fullName).toBe(text.trim());
      const read = (await (await consoleCall('GET', `/v1/residents/${resident.id}`, undefined)()).json()) as { fullName: string };
      expect(read.fullName).toBe(text.trim());
    }
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM alarms');
    expect(Number(rows[0]!.n)).toBeGreaterThan(0); // the tables are all still there
  });

  it('is still alive and ready after all of it, having sent more than 10,000 hostile requests', async () => {
    expect((await fetch(`${ingestUrl}/health/ready`)).status).toBe(200);
    expect((await fetch(`${consoleUrl}/health/ready`)).status).toBe(200);
    expect(sent).toBeGreaterThan(10_000);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  });
});
