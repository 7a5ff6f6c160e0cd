import { CONFIG_ERROR_EXIT_CODE } from '@app/config';
import { DEMO_DEVICES_FILE, demoDataDir, projectRoot } from '@app/demo';
import { errorMessage, errorStack } from '@app/errors';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { banner } from './banner';
import { loadOrCreateDemoSecrets } from './demo-secrets';
import { formatLogLine, isStartUpChatter } from './log-format';
import { migrateAndSeed } from './prepare-database';
import { describeDemoDevices } from './seed';
import { NotReadyError, portIsFree, waitUntilReady } from './readiness';
import { findOrStartPostgres, findOrStartRedis, RedisUnavailableError, type Service } from './services';
import { SupervisedApp } from './supervisor';

/**
 * `npm start` (--demo): finds or starts Postgres and Redis, keeps demo secrets, migrates, seeds
 * and runs the three apps. `npm run start:all`: runs the three apps against the configured
 * DATABASE_URL / REDIS_URL, nothing else. Either way it supervises them until Ctrl-C / SIGTERM.
 */

const APPS = [
  { name: 'ingest', portVariable: 'INGEST_PORT', defaultPort: 3001 },
  { name: 'console', portVariable: 'CONSOLE_PORT', defaultPort: 3000 },
  { name: 'dispatcher', portVariable: 'DISPATCHER_PORT', defaultPort: 3002 },
] as const;

/** The ingest process's device protocol listeners (TCP); 0 turns one off. Checked like the HTTP ports, passed through in the environment. */
const DEVICE_LISTENERS = [
  { name: 'ingest (3G watch)', protocol: 'watch', portVariable: 'WATCH_PORT', defaultPort: 5093 },
  { name: 'ingest (GT06)', protocol: 'gt06', portVariable: 'GT06_PORT', defaultPort: 5023 },
] as const;

const READY_TIMEOUT_MS = 90_000;
const NAME_WIDTH = Math.max('launcher'.length, ...APPS.map((a) => a.name.length));
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** A problem the person at the keyboard can fix; printed as one line, without a stack. */
class LaunchError extends Error {}

function say(message: string, loud = false): void {
  const text = loud && color ? `\u001b[1;31m${message}\u001b[0m` : message;
  (loud ? process.stderr : process.stdout).write(`${formatLogLine('launcher', text, { color, nameWidth: NAME_WIDTH })}\n`);
}

const showStartUpChatter = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');

function onAppLine(app: string, line: string): void {
  if (!showStartUpChatter && isStartUpChatter(line)) return;
  process.stdout.write(`${formatLogLine(app, line, { color, nameWidth: NAME_WIDTH })}\n`);
}

/** An app refused its configuration: restarting cannot help, so everything stops with the problems as the last word. */
function onConfigError(app: string, problems: string[]): void {
  if (shuttingDown) return;
  say(`${app} cannot start, its configuration is invalid; stopping everything. Fix these settings and start again:`, true);
  for (const problem of problems) say(`  ${problem}`, true);
  void shutdown(CONFIG_ERROR_EXIT_CODE);
}

const services: Service[] = [];
const apps: SupervisedApp[] = [];
let shuttingDown = false;

async function shutdown(exitCode: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    const anythingToStop = apps.length + services.length > 0;
    if (anythingToStop) say('stopping the apps…');
    await Promise.all(apps.map((app) => app.stop()));
    // Postgres and Redis last: the apps may still have been writing while they stopped.
    for (const service of services.reverse()) {
      await service.stop().catch((error: unknown) => say(`could not stop ${service.origin}: ${String(error)}`, true));
    }
    if (anythingToStop) say('stopped');
    process.exit(exitCode);
  }
  say('already stopping; apps that do not stop within 10 s are killed');
  return new Promise<never>(() => undefined);
}

async function demoEnvironment(env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const dataDir = demoDataDir();
  const postgres = await findOrStartPostgres(env, { database: 'heartkey', dataDir: join(dataDir, 'pg'), log: (l) => say(l, true) });
  services.push(postgres);
  say(`Postgres: ${postgres.origin}`);
  const redis = await findOrStartRedis(env);
  services.push(redis);
  say(`Redis: ${redis.origin}`);
  const secrets = loadOrCreateDemoSecrets(dataDir);
  const demoEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    // Settings given explicitly win over the generated demo ones.
    JWT_SECRET: env.JWT_SECRET ?? secrets.JWT_SECRET,
    DEVICE_SECRET_KEY: env.DEVICE_SECRET_KEY ?? secrets.DEVICE_SECRET_KEY,
    DEMO_MODE: 'true',
  };
  const { migrations, seed } = await migrateAndSeed(postgres.url, {
    deviceSecretKey: demoEnv.DEVICE_SECRET_KEY!,
    devicesFile: join(dataDir, DEMO_DEVICES_FILE),
  });
  if (migrations.length) say(`applied migrations: ${migrations.join(', ')}`);
  say(
    `demo data: ${seed.residents} residents, ${seed.responders} responders, ${seed.users} users, ${describeDemoDevices(seed.devicesList)}` +
      ` (${seed.rowsWritten ? `${seed.rowsWritten} rows written` : 'already in place'}); handset secrets in .data/${DEMO_DEVICES_FILE}`,
  );
  return demoEnv;
}

function requireConfigured(env: NodeJS.ProcessEnv): void {
  const missing = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !env[name]);
  if (missing.length) {
    throw new LaunchError(
      `npm run start:all needs ${missing.join(' and ')} (and JWT_SECRET, DEVICE_SECRET_KEY; see README "Configuration"). For a demo that finds or starts everything itself, run npm start.`,
    );
  }
}

/**
 * Under `npm start` the launcher runs in `sh -c "npm run build && node …"`: a SIGTERM sent to npm
 * ends npm and that shell but never reaches the launcher. When the script's shell goes away, the
 * launcher stops everything itself instead of running on, orphaned, with the apps and ports.
 */
function stopWhenNpmIsGone(): void {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  setInterval(() => {
    if (!shuttingDown && process.ppid !== parent) {
      say(`the npm script that started the launcher ended (parent process ${parent} is gone): stopping`, true);
      void shutdown(0);
    }
  }, 500).unref();
}

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  stopWhenNpmIsGone();

  const root = projectRoot();
  const scripts = APPS.map((app) => ({ ...app, script: join(root, 'dist/apps', app.name, 'src/main.js') }));
  const unbuilt = scripts.filter((s) => !existsSync(s.script)).map((s) => s.name);
  if (unbuilt.length) throw new LaunchError(`not built yet: ${unbuilt.join(', ')}. Run npm run build first (npm start does it for you).`);

  const baseEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
  if (!demo) requireConfigured(baseEnv);
  const host = baseEnv.HOST ?? '0.0.0.0';
  const ports = scripts.map((s) => ({ ...s, port: Number(baseEnv[s.portVariable] ?? s.defaultPort) }));
  const listeners = DEVICE_LISTENERS.map((l) => ({ ...l, port: Number(baseEnv[l.portVariable] ?? l.defaultPort) })).filter((l) => l.port !== 0);
  for (const { name, port, portVariable } of [...ports, ...listeners]) {
    if (!(await portIsFree(port, host))) {
      throw new LaunchError(`port ${port} for ${name} is already in use (is HeartKey already running?). Stop that, or set ${portVariable}.`);
    }
  }

  const env = demo ? await demoEnvironment(baseEnv) : baseEnv;
  if (shuttingDown) return;
  for (const { name, script } of ports) {
    const app = new SupervisedApp({ name, script, env }, { onLine: onAppLine, say, onConfigError });
    apps.push(app);
    app.start();
  }
  say(`started ${ports.map((p) => `${p.name} (:${p.port})`).join(', ')}; waiting until each is ready…`);
  if (listeners.length) say(`device listeners: ${listeners.map((l) => `${l.name} :${l.port}`).join(', ')}`);
  await Promise.all(ports.map((p) => waitUntilReady(p.name, `http://127.0.0.1:${p.port}/health/ready`, READY_TIMEOUT_MS)));

  const url = (port: number) => `http://localhost:${port}`;
  const portOf = (name: (typeof APPS)[number]['name']) => ports.find((p) => p.name === name)!.port;
  process.stdout.write(
    banner({
      demo,
      consoleUrl: url(portOf('console')),
      ingestUrl: url(portOf('ingest')),
      dispatcherUrl: url(portOf('dispatcher')),
      deviceListeners: listeners.map(({ protocol, port, defaultPort }) => ({ protocol, port, defaultPort })),
      services: demo ? services.map((s) => s.origin) : ['DATABASE_URL and REDIS_URL from the environment'],
    }),
  );
}

main().catch(async (error: unknown) => {
  const known = error instanceof LaunchError || error instanceof RedisUnavailableError || error instanceof NotReadyError;
  say(known ? errorMessage(error) : `launcher failed: ${errorStack(error)}`, true);
  await shutdown(1);
});
