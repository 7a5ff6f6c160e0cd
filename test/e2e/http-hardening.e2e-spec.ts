import { internalListenerUrl } from '@app/http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'node:net';
import { createConsoleApp } from '../../apps/console/src/app';
import { createIngestApp } from '../../apps/ingest/src/app';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { freePort, freePorts } from '../support/processes';

/**
 * Opens a socket, writes `head` at once, then one byte of `trickle` per `everyMs`, and answers
 * how many milliseconds passed until the server closed the connection (Infinity: still open
 * after `giveUpMs`).
 */
function msUntilClosed(port: number, head: string | Buffer, trickle: string | Buffer, everyMs: number, giveUpMs: number): Promise<number> {
  const bytes = Buffer.from(trickle);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < bytes.length && socket.writable) socket.write(bytes.subarray(sent, ++sent));
    }, everyMs);
    const finish = (ms: number) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve(ms);
    };
    const giveUp = setTimeout(() => finish(Infinity), giveUpMs);
    socket.on('error', () => undefined);
    socket.once('close', () => finish(Date.now() - started));
    socket.once('connect', () => socket.write(head));
  });
}

const portOf = (url: string) => Number(new URL(url).port);

/** Security headers, a strict CORS policy and request size limits on both HTTP APIs. */
describe('HTTP hardening', () => {
  let env: SuiteEnvironment;
  let consoleApp: NestFastifyApplication;
  let ingestApp: NestFastifyApplication;
  let consoleUrl: string;
  let ingestUrl: string;

  beforeAll(async () => {
    // Short request deadlines, so that the slow-client tests finish quickly.
    env = await createSuiteEnvironment('hardening', {
      CORS_ORIGINS: 'https://console.example.org',
      HTTP_REQUEST_TIMEOUT_S: '2',
      HTTP_HEADERS_TIMEOUT_S: '1',
    });
    consoleApp = await createConsoleApp(env.config);
    await consoleApp.listen(0, '127.0.0.1');
    consoleUrl = await consoleApp.getUrl();
    ingestApp = await createIngestApp(env.config);
    await ingestApp.listen(0, '127.0.0.1');
    ingestUrl = await ingestApp.getUrl();
  });

  afterAll(async () => {
    await ingestApp?.close();
    await consoleApp?.close();
    await env?.destroy();
  });

  it.each(['console', 'ingest'])('sends security headers from the %s process', async (which) => {
    const res = await fetch(`${which === 'console' ? consoleUrl : ingestUrl}/health/live`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allows only the configured origins across sites', async () => {
    const preflight = (origin: string) =>
      fetch(`${consoleUrl}/v1/incidents`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('https://console.example.org');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.org');
    const foreign = await preflight('https://evil.example.com');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const plain = await fetch(`${consoleUrl}/health/live`, { headers: { origin: 'https://evil.example.com' } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits request sizes on the console (256 KiB) as on the handset API (16 KiB)', async () => {
    const big = await fetch(`${consoleUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'x'.repeat(300 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ statusCode: 413 });
  });

  const slowBody = (path: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`;

  it.each([
    ['console', '/v1/auth/login'],
    ['ingest', '/v1/alarms'],
  ])(
    'closes a %s connection whose body trickles in a byte per second, within the request timeout',
    async (which, path) => {
      const port = portOf(which === 'console' ? consoleUrl : ingestUrl);
      const ms = await msUntilClosed(port, slowBody(path), '{"x":"' + 'a'.repeat(150), 1000, 10_000);
      expect(ms).toBeLessThan(10_000);
    },
    15_000,
  );

  it('closes a connection whose headers trickle in, within the headers timeout', async () => {
    const ms = await msUntilClosed(portOf(ingestUrl), 'GET /health/live HTTP/1.1\r\n', 'X-Slow: ' + 'a'.repeat(50), 1000, 10_000);
    expect(ms).toBeLessThan(10_000);
  }, 15_000);

  it('marks API answers (medical data, tokens) as not to be stored by any cache, errors included', async () => {
    const login = await fetch(`${consoleUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const { accessToken } = (await login.json()) as { accessToken: string };
    for (const path of ['/v1/residents', '/v1/incidents', '/v1/audit', '/v1/dispatches']) {
      const res = await fetch(`${consoleUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(`${path} ${res.headers.get('cache-control')}`).toBe(`${path} no-store`);
    }
    expect((await fetch(`${consoleUrl}/v1/incidents`)).headers.get('cache-control')).toBe('no-store');
    const alarm = await fetch(`${ingestUrl}/v1/alarms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(alarm.headers.get('cache-control')).toBe('no-store');
  });
});

/** The device listeners bound a connection that trickles a frame: the idle timeout resets on every byte. */
describe('slow device frames', () => {
  let env: SuiteEnvironment;
  let ingest: NestFastifyApplication;
  let watchPort: number;
  let gt06Port: number;

  beforeAll(async () => {
    env = await createSuiteEnvironment('slowframes');
    [watchPort, gt06Port] = (await freePorts(2)) as [number, number];
    ingest = await createIngestApp(env.configWith({ WATCH_PORT: String(watchPort), GT06_PORT: String(gt06Port), DEVICE_FRAME_TIMEOUT_S: '2' }));
    await ingest.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await ingest?.close();
    await env?.destroy();
  });

  it('closes a watch or GT06 connection whose frame trickles in a byte per second', async () => {
    const watchFrame = '[3G*8800000001*0002*LK]';
    const gt06Login = Buffer.from('78780d010123456789012345000118720d0a', 'hex');
    const [watch, gt06] = await Promise.all([
      msUntilClosed(watchPort, '', watchFrame, 1000, 10_000),
      msUntilClosed(gt06Port, Buffer.alloc(0), gt06Login, 1000, 10_000),
    ]);
    expect(watch).toBeLessThan(10_000);
    expect(gt06).toBeLessThan(10_000);
  }, 15_000);

  it('leaves a quiet connection open once its frame is complete', async () => {
    expect(await msUntilClosed(watchPort, '[3G*8800000001*0002*LK]', '', 1000, 4000)).toBe(Infinity);
  });
});

/**
 * The status of a GET, its body read to the end: a body left unread (the OpenAPI document is
 * large) keeps the server writing into the connection, and closing the app then waits for it.
 */
async function statusOf(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

/** The OpenAPI page is for development: off in production unless asked for. */
describe('API description and metrics exposure', () => {
  let env: SuiteEnvironment;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    env = await createSuiteEnvironment('exposure');
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await env?.destroy();
  });

  const started = async (overrides: Record<string, string>, create = createConsoleApp) => {
    const app = await create(env.configWith(overrides));
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    return { app, url: await app.getUrl() };
  };

  it('serves no /docs in production, unless OPENAPI_ENABLED=true', async () => {
    for (const create of [createConsoleApp, createIngestApp]) {
      const production = await started({ NODE_ENV: 'production' }, create);
      expect(await statusOf(`${production.url}/docs`)).toBe(404);
      expect(await statusOf(`${production.url}/docs/openapi.json`)).toBe(404);
      expect(await statusOf(`${production.url}/health/live`)).toBe(200);
      const enabled = await started({ NODE_ENV: 'production', OPENAPI_ENABLED: 'true' }, create);
      expect(await statusOf(`${enabled.url}/docs/openapi.json`)).toBe(200);
    }
  });

  it('with METRICS_HOST, serves /metrics and /docs on the internal listener only', async () => {
    const { app, url } = await started({ METRICS_HOST: '127.0.0.1', CONSOLE_METRICS_PORT: String(await freePort()) });
    const internal = internalListenerUrl(app);
    expect(internal).toBeDefined();
    expect(await statusOf(`${url}/metrics`)).toBe(404);
    expect(await statusOf(`${url}/docs/openapi.json`)).toBe(404);
    expect(await statusOf(`${url}/health/live`)).toBe(200);
    const metrics = await fetch(`${internal}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/process_cpu_seconds_total/);
    expect(await statusOf(`${internal}/docs/openapi.json`)).toBe(200);
    expect(await statusOf(`${internal}/v1/incidents`)).toBe(404);
  });
});
