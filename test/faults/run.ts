import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { findOrStartPostgres, findOrStartRedis } from '../../apps/launcher/src/services';
import { deleteRedisKeys } from '../support/environment';
import type { Figures } from './reconcile';
import { runScenario, SCENARIOS } from './scenarios';
import { log, logDirectory } from './world';

/**
 * The fault suite (issue 5): the real apps as separate processes, Postgres and Redis behind
 * TCP proxies it controls, signed presses from many handsets at a steady rate, and five
 * failure scenarios, each reconciled against the ledger of acknowledged presses.
 *
 *   npm run test:faults                               all five
 *   npm run build && node dist/test/faults/run.js --scenario redis-cut --scale 0.5
 *
 * Exits non-zero when anything was lost or duplicated, or a check failed.
 */

function parseArgs(argv: string[]): { only?: string; scale: number } {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '');
  const scale = Number(args.get('scale') ?? 1);
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  const only = args.get('scenario');
  if (only !== undefined && !SCENARIOS.some((s, i) => s.key === only || String(i + 1) === only)) {
    throw new Error(`--scenario must be one of ${SCENARIOS.map((s, i) => `${i + 1}|${s.key}`).join(', ')}`);
  }
  return { ...(only === undefined ? {} : { only }), scale };
}

const COLUMNS = ['scenario', 'presses', '2xx', '503s seen', 'lost', 'duplicate offers', 'duplicate notifications', 'recovery s', 'result'];

export function table(rows: Figures[]): string {
  const cells = rows.map((f) => [
    f.scenario,
    String(f.presses),
    String(f.acknowledged),
    String(f.answers503),
    String(f.lost),
    String(f.duplicateOffers),
    String(f.duplicateNotifications),
    f.recoveryS === undefined ? '-' : f.recoveryS.toFixed(1),
    f.failures.length ? 'FAIL' : 'pass',
  ]);
  const line = (values: string[]) => `| ${values.join(' | ')} |`;
  return [line(COLUMNS), line(COLUMNS.map((c, i) => (i === 0 || i === COLUMNS.length - 1 ? '---' : '---:'))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { only, scale } = parseArgs(process.argv.slice(2));
  const root = join(__dirname, '..', '..', '..');
  const postgres = await findOrStartPostgres(
    { DATABASE_URL: process.env.FAULTS_DATABASE_URL },
    { database: 'postgres', dataDir: join(root, '.data', 'pg-faults') },
  );
  const redis = await findOrStartRedis({ REDIS_URL: process.env.REDIS_URL });
  const runId = randomBytes(4).toString('hex');
  const infra = { adminUrl: postgres.adminUrl, redisUrl: redis.url, runId };
  const started = performance.now();
  const results: Figures[] = [];
  try {
    log(`fault suite ${runId}: Postgres ${postgres.origin}, Redis ${redis.origin}, scale ${scale}`);
    for (const [i, scenario] of SCENARIOS.entries()) {
      if (only !== undefined && only !== scenario.key && only !== String(i + 1)) continue;
      const figures = await runScenario(infra, i + 1, scenario, { scale });
      results.push(figures);
      for (const note of figures.notes) log(`  ${note}`);
      for (const failure of figures.failures) log(`  FAILED: ${failure}`);
    }
  } finally {
    await sweep(infra).catch((error: unknown) => log(`final clean-up failed: ${String(error)}`));
    await redis.stop();
    await postgres.stop();
  }
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  process.stdout.write(`\nHeartKey fault suite, ${new Date().toISOString().slice(0, 10)}, ${minutes} min, node ${process.version}\n\n${table(results)}\n\n`);
  process.stdout.write(`The apps' output: ${logDirectory(runId)}\n`);
  const failed = results.filter((f) => f.failures.length).length;
  // The plain closing line CI reads, as other runners print theirs.
  process.stdout.write(`faults: ${results.length - failed} passed, ${failed} failed\n`);
  if (failed) process.exitCode = 1;
}

/** Whatever a scenario that died half-way left behind: its databases and Redis keys. */
async function sweep(infra: { adminUrl: string; redisUrl: string; runId: string }): Promise<void> {
  const admin = new Client({ connectionString: infra.adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`hk_faults_${infra.runId}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await deleteRedisKeys(infra.redisUrl, `hkfaults-${infra.runId}-`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
