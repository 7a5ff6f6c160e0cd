import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../../apps/launcher/src/services';
import { atFixedRate } from '../bench/stats';
import { FakeGateway } from '../support/dispatch-webhook';
import { deleteRedisKeys } from '../support/environment';
import { type ProvisionedDevice, provisionResidents } from '../support/fixtures';
import { Handset, PressLedger } from '../support/handset-ledger';
import { type AppName, type Exit, type SpawnedApp, spawnApp } from '../support/processes';
import { startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy';
import { ConsoleOperator } from './operator';

/** The shared servers the whole run uses (found like the benchmark finds them). */
export interface Infrastructure {
  adminUrl: string;
  redisUrl: string;
  runId: string;
}

export interface WorldSettings {
  residents: number;
  /** Settings for every app of the scenario, over the suite's defaults. */
  env?: Record<string, string>;
}

export const ADMIN = { username: 'faults-admin', password: 'faults-admin-password' };

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function log(message: string): void {
  process.stdout.write(`  [${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

/**
 * One scenario's world: its own database and Redis prefix on the shared servers, a TCP proxy
 * in front of each (every app reaches Postgres and Redis ONLY through them, so the scenario
 * can cut or reset connections without touching anyone else), the apps as separate built
 * processes, a webhook gateway, residents with handsets, and the ledger of acknowledged presses.
 */
export class FaultWorld {
  readonly ledger = new PressLedger();
  readonly gateway = new FakeGateway();
  readonly operators: ConsoleOperator[] = [];
  /** What the console answered the resolving operator, by status (0: no answer). */
  readonly operatorAnswers = new Map<number, number>();
  slowestOperatorAnswerMs = 0;
  /** Exits nobody asked for (a crash): every one fails the scenario. */
  readonly unexpectedExits: string[] = [];
  devices: ProvisionedDevice[] = [];
  private readonly apps = new Map<string, SpawnedApp>();
  private readonly expectedExits = new Set<SpawnedApp>();
  private readonly handsets = new Map<string, Handset>();
  private readonly everStarted: { label: string; app: SpawnedApp }[] = [];
  private appEnv: Record<string, string> = {};
  private adminToken = '';

  private constructor(
    readonly name: string,
    readonly databaseUrl: string,
    readonly db: Client,
    readonly pg: TcpProxy,
    readonly redis: TcpProxy,
    private readonly infra: Infrastructure,
    readonly redisPrefix: string,
    private readonly database: string,
  ) {}

  static async start(infra: Infrastructure, index: number, name: string, settings: WorldSettings): Promise<FaultWorld> {
    const database = `hk_faults_${infra.runId}_${index}`;
    const redisPrefix = `hkfaults-${infra.runId}-${index}`;
    const admin = new Client({ connectionString: infra.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const databaseUrl = withDatabase(infra.adminUrl, database);
    const pgPort = Number(new URL(infra.adminUrl).port || 5432);
    const redisUrl = new URL(infra.redisUrl);
    const pg = await startTcpProxy(pgPort, new URL(infra.adminUrl).hostname);
    const redis = await startTcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname);
    const db = new Client({ connectionString: databaseUrl });
    db.on('error', () => undefined);
    await db.connect();
    const world = new FaultWorld(name, databaseUrl, db, pg, redis, infra, redisPrefix, database);
    try {
      // A gateway that takes 50 ms, like a real one: sends are in flight when a fault strikes.
      world.gateway.responseDelayMs = 50;
      await world.gateway.start();
      const key = randomBytes(32).toString('base64');
      world.appEnv = {
        NODE_ENV: 'test',
        DATABASE_URL: throughProxy(databaseUrl, pg),
        REDIS_URL: throughProxy(infra.redisUrl, redis),
        REDIS_PREFIX: redisPrefix,
        JWT_SECRET: randomBytes(32).toString('hex'),
        DEVICE_SECRET_KEY: key,
        BOOTSTRAP_ADMIN_USERNAME: ADMIN.username,
        BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
        NOTIFY_WEBHOOK_URL: world.gateway.url,
        NOTIFY_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
        // Offers stay pending for the whole run unless a scenario shortens them.
        DISPATCH_OFFER_TIMEOUT_S: '300',
        ACK_TIMEOUT_S: '600',
        // The relay picks up what the in-line publisher left after 3 s, checking every second.
        OUTBOX_RELAY_INTERVAL_MS: '1000',
        OUTBOX_RELAY_GRACE_MS: '3000',
        // Every operator socket logs in from 127.0.0.1.
        LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
        // The handsets here speak HTTP; fixed device ports would collide between ingest processes (and with a demo).
        WATCH_PORT: '0',
        GT06_PORT: '0',
        ...settings.env,
      };
      // The first console migrates the schema; the others start once it is there.
      await world.spawn('console-1', 'console');
      world.devices = await provisionResidents(databaseUrl, key, settings.residents, 'FAULT');
      await Promise.all([world.spawn('ingest', 'ingest'), world.spawn('dispatcher', 'dispatcher')]);
      world.adminToken = await world.login(world.app('console-1').url);
      return world;
    } catch (error) {
      await world.close();
      throw error;
    }
  }

  /** Starts (or restarts under the same label) a built app whose DATABASE_URL and REDIS_URL go through the proxies. */
  async spawn(label: string, name: AppName, env: Record<string, string> = {}): Promise<SpawnedApp> {
    const app = await spawnApp(name, { ...this.appEnv, ...env }, { readyTimeoutMs: 60_000 });
    this.apps.set(label, app);
    this.everStarted.push({ label, app });
    void app.exited.then((exit) => {
      if (!this.expectedExits.has(app))
        this.unexpectedExits.push(`${label} (pid ${app.pid}) exited on its own: ${describeExit(exit)}\n${app.output().slice(-2000)}`);
    });
    return app;
  }

  app(label: string): SpawnedApp {
    const app = this.apps.get(label);
    if (!app) throw new Error(`no app "${label}"`);
    return app;
  }

  /** Kills an app the scenario means to kill (so its exit is not counted as a crash). */
  async kill(label: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    const app = this.app(label);
    this.expectedExits.add(app);
    const exit = await app.kill(signal);
    this.apps.delete(label);
    return exit;
  }

  /** An app that will end itself on purpose (the fault point). */
  expectExit(label: string): SpawnedApp {
    const app = this.app(label);
    this.expectedExits.add(app);
    return app;
  }

  consoleUrls(): string[] {
    return [...this.apps].filter(([label]) => label.startsWith('console')).map(([, app]) => app.url);
  }

  /** The key the apps seal device secrets with, for scenarios that provision handsets of their own. */
  get deviceSecretKey(): string {
    return this.appEnv.DEVICE_SECRET_KEY!;
  }

  ingestUrl(): string {
    return this.app('ingest').url;
  }

  async login(consoleUrl: string): Promise<string> {
    const res = await fetch(`${consoleUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    if (res.status !== 200) throw new Error(`login answered ${res.status}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  /** An operator on `/console` that records what it is shown and reconnects to a surviving console. */
  async operator(name: string, preferred = 0): Promise<ConsoleOperator> {
    const operator = new ConsoleOperator(name, () => this.consoleUrls(), this.adminToken);
    await operator.connect(preferred);
    this.operators.push(operator);
    return operator;
  }

  handset(device: ProvisionedDevice): Handset {
    let handset = this.handsets.get(device.serial);
    if (!handset) this.handsets.set(device.serial, (handset = new Handset(device, this.ledger)));
    return handset;
  }

  /**
   * `count` sos presses at `rate` per second, round-robin over `devices` (all by default), each
   * retried by its handset until acknowledged; resolves when every press is settled.
   */
  async drive(count: number, rate: number, devices: ProvisionedDevice[] = this.devices): Promise<void> {
    await atFixedRate(count, rate, async (i) => {
      await this.handset(devices[i % devices.length]!).press(() => this.ingestUrl());
    });
  }

  /**
   * An operator who closes calls, so residents' next presses open new incidents and the
   * dispatcher keeps getting new work all through the run: every half second it resolves
   * incidents older than `minAgeS` whose offer was delivered (`offered`) or whose cascade ran out
   * (`escalated`). Its failures while a fault lasts are expected and ignored. Returns stop().
   */
  startResolver(when: 'offered' | 'escalated', minAgeS: number): () => Promise<void> {
    let running = true;
    // 'offered': once the offer reached the responder's phone (its webhook was sent), so that closing
    // the call never cancels an offer before its notification: every offer must then be delivered.
    const condition =
      when === 'escalated'
        ? 'i.escalated'
        : `(i.escalated OR EXISTS (SELECT 1 FROM dispatches d JOIN notifications n ON n.dispatch_id = d.id
                                   WHERE d.incident_id = i.id AND n.channel = 'webhook' AND n.status = 'sent'))`;
    const loop = (async () => {
      while (running) {
        await sleep(500);
        try {
          const { rows } = await this.db.query<{ id: string }>(
            `SELECT i.id FROM incidents i WHERE i.status NOT IN ('resolved','cancelled') AND ${condition}
             AND i.opened_at < now() - make_interval(secs => $1) LIMIT 100`,
            [minAgeS],
          );
          const url = this.consoleUrls()[0];
          if (!url) continue;
          await Promise.all(
            rows.map((row) => {
              const started = performance.now();
              return fetch(`${url}/v1/incidents/${row.id}/resolve`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${this.adminToken}` },
                body: JSON.stringify({ outcome: 'false_alarm', note: 'closed by the fault suite' }),
                signal: AbortSignal.timeout(30_000),
              }).then(
                async (r) => {
                  this.operatorAnswers.set(r.status, (this.operatorAnswers.get(r.status) ?? 0) + 1);
                  this.slowestOperatorAnswerMs = Math.max(this.slowestOperatorAnswerMs, performance.now() - started);
                  await r.arrayBuffer();
                },
                () => this.operatorAnswers.set(0, (this.operatorAnswers.get(0) ?? 0) + 1),
              );
            }),
          );
        } catch {
          // The suite's own database query failed: try again next round.
        }
      }
    })();
    return async () => {
      running = false;
      await loop;
    };
  }

  /** Every incident id any operator was shown. */
  shownIncidents(): Set<string> {
    const shown = new Set<string>();
    for (const operator of this.operators) for (const id of operator.seen) shown.add(id);
    return shown;
  }

  private saveLogs(): void {
    const directory = join(logDirectory(this.infra.runId), this.database);
    mkdirSync(directory, { recursive: true });
    for (const { label, app } of this.everStarted) writeFileSync(join(directory, `${label}-${app.pid}.log`), app.output());
  }

  async close(): Promise<void> {
    for (const operator of this.operators) operator.close();
    await Promise.all(
      [...this.apps.values()].map((app) => {
        this.expectedExits.add(app);
        return app.kill('SIGTERM', 15_000);
      }),
    );
    this.saveLogs();
    await this.gateway.stop().catch(() => undefined);
    await this.db.end().catch(() => undefined);
    await this.pg.close();
    await this.redis.close();
    const admin = new Client({ connectionString: this.infra.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await admin.end();
    await deleteRedisKeys(this.infra.redisUrl, this.redisPrefix);
  }
}

/** Where the apps' output of a run is kept (one file per process), for whoever reads a failure. */
export function logDirectory(runId: string): string {
  return join(tmpdir(), `heartkey-faults-${runId}`);
}

function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
