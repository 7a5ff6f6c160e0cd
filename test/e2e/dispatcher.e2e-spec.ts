import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createDispatcherApp } from '../../apps/dispatcher/src/app';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

describe('dispatcher process', () => {
  let env: SuiteEnvironment;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    env = await createSuiteEnvironment('dispatcher');
    app = await createDispatcherApp(env.config);
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await env?.destroy();
  });

  it('is live and ready once Postgres, Redis and its worker answer', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.checks).toEqual({ postgres: 'ok', redis: 'ok', workers: 'ok' });
  });

  it('serves Prometheus metrics', async () => {
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('ran the migrations', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
  });
});
