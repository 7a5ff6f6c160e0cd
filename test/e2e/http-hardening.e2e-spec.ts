import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConsoleApp } from '../../apps/console/src/app';
import { createIngestApp } from '../../apps/ingest/src/app';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/** Security headers, a strict CORS policy and request size limits on both HTTP APIs. */
describe('HTTP hardening', () => {
  let env: SuiteEnvironment;
  let consoleApp: NestFastifyApplication;
  let ingestApp: NestFastifyApplication;
  let consoleUrl: string;
  let ingestUrl: string;

  beforeAll(async () => {
    env = await createSuiteEnvironment('hardening', { CORS_ORIGINS: 'https://console.example.org' });
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
});
