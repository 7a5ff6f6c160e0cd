import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, openApiEnabled } from './env.schema';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/heartkey',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
  DEVICE_SECRET_KEY: randomBytes(32).toString('base64'),
};

describe('loadConfig', () => {
  it('fills the contract defaults', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      INGEST_PORT: 3001,
      CONSOLE_PORT: 3000,
      DISPATCHER_PORT: 3002,
      HEARTBEAT_TIMEOUT_S: 1800,
      DISPATCH_OFFER_TIMEOUT_S: 60,
      ACK_TIMEOUT_S: 60,
      REDIS_PREFIX: 'hk',
      DEMO_MODE: false,
    });
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ ...valid, JWT_SECRET: 'short', DEVICE_SECRET_KEY: 'abc', DATABASE_URL: 'mysql://x' })).toThrow(
      /JWT_SECRET[\s\S]*DEVICE_SECRET_KEY|DATABASE_URL[\s\S]*JWT_SECRET/,
    );
    try {
      loadConfig({});
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
      expect((e as Error).message).toMatch(/REDIS_URL/);
    }
  });

  it('refuses test fault injection in production', () => {
    expect(loadConfig({ ...valid, NODE_ENV: 'test', TEST_FAULT_POINT: 'after-commit-before-enqueue' }).TEST_FAULT_POINT).toBe('after-commit-before-enqueue');
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', TEST_FAULT_POINT: 'after-commit-before-enqueue' })).toThrow(/refused in production/);
  });

  it('has maintenance defaults, and refuses a battery recovery threshold that would flap', () => {
    expect(loadConfig(valid)).toMatchObject({
      OUTBOX_RELAY_INTERVAL_MS: 2000,
      OUTBOX_RELAY_GRACE_MS: 5000,
      LOW_BATTERY_PCT: 20,
      LOW_BATTERY_RECOVERED_PCT: 25,
      WORKER_SHUTDOWN_GRACE_MS: 10_000,
    });
    expect(loadConfig(valid).SUPERVISION_INTERVAL_MS).toBeUndefined();
    expect(() => loadConfig({ ...valid, LOW_BATTERY_PCT: '30', LOW_BATTERY_RECOVERED_PCT: '30' })).toThrow(/LOW_BATTERY_RECOVERED_PCT/);
  });

  it('has the device protocol defaults, and 0 turns a listener off', () => {
    expect(loadConfig(valid)).toMatchObject({
      WATCH_PORT: 5093,
      GT06_PORT: 5023,
      DEVICE_IDLE_TIMEOUT_S: 600,
      HOTLINE_NUMBER: '12349',
      DEVICE_COMMAND_TIMEOUT_MS: 3000,
    });
    expect(loadConfig({ ...valid, WATCH_PORT: '0', GT06_PORT: '0' })).toMatchObject({ WATCH_PORT: 0, GT06_PORT: 0 });
    expect(loadConfig({ ...valid, HOTLINE_NUMBER: '+8653212349' }).HOTLINE_NUMBER).toBe('+8653212349');
    expect(() => loadConfig({ ...valid, HOTLINE_NUMBER: 'hotline' })).toThrow(/HOTLINE_NUMBER/);
    expect(() => loadConfig({ ...valid, GT06_PORT: '70000' })).toThrow(/GT06_PORT/);
    expect(() => loadConfig({ ...valid, DEVICE_COMMAND_TIMEOUT_MS: '0' })).toThrow(/DEVICE_COMMAND_TIMEOUT_MS/);
  });

  it('wants the bootstrap admin name and password together', () => {
    expect(() => loadConfig({ ...valid, BOOTSTRAP_ADMIN_USERNAME: 'admin' })).toThrow(/go together/);
  });

  it('trusts no proxy by default, and takes a list of addresses and CIDRs', () => {
    expect(loadConfig(valid).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ ...valid, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['true', '10.0.0.0/33', 'lb.example.org', '10.0.0.1/8/1']) {
      expect(() => loadConfig({ ...valid, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('has HTTP timeout, password throttling and exposure defaults', () => {
    expect(loadConfig(valid)).toMatchObject({
      HTTP_REQUEST_TIMEOUT_S: 30,
      HTTP_HEADERS_TIMEOUT_S: 10,
      HTTP_IDLE_TIMEOUT_S: 120,
      HTTP_KEEP_ALIVE_TIMEOUT_S: 72,
      HTTP_MAX_CONNECTIONS: 10_000,
      LISTEN_HANDLES: 16,
      DEVICE_FRAME_TIMEOUT_S: 30,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 5,
      LOGIN_DELAY_BASE_MS: 250,
      LOGIN_DELAY_MAX_MS: 3000,
    });
    expect(loadConfig(valid).METRICS_HOST).toBeUndefined();
    expect(() => loadConfig({ ...valid, HTTP_HEADERS_TIMEOUT_S: '40' })).toThrow(/HTTP_HEADERS_TIMEOUT_S/);
    for (const bad of ['0', '65', '2.5']) expect(() => loadConfig({ ...valid, LISTEN_HANDLES: bad })).toThrow(/LISTEN_HANDLES/);
  });

  it('serves the OpenAPI page except in production, unless told otherwise', () => {
    expect(openApiEnabled(loadConfig(valid))).toBe(true);
    expect(openApiEnabled(loadConfig({ ...valid, NODE_ENV: 'production' }))).toBe(false);
    expect(openApiEnabled(loadConfig({ ...valid, NODE_ENV: 'production', OPENAPI_ENABLED: 'true' }))).toBe(true);
    expect(openApiEnabled(loadConfig({ ...valid, OPENAPI_ENABLED: 'false' }))).toBe(false);
  });
});
