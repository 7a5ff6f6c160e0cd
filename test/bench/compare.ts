import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type BenchSummary, type Build, COMPARED_SHAPES, type ComparedShape, type CompareRun, compareRows, markdownTable } from './compare-table';
import { benchArgs, listArg } from './bench-args';

/**
 * Two builds side by side, the issue's capacity table with "before" and "now" in one invocation:
 * each shape's bench runs for one build and then the other, pair after pair, the order swapped
 * every pair. This machine's speed drifts within minutes (the raw parts' own rate by a third),
 * so only runs that alternate can be set beside each other; the table lists every run.
 *
 *   npm run bench:compare -- --before DIR [--pairs 2] [--shapes sustained,burst,offers[,connections]]
 *     [--residents 2000] [--connections 50] [--seconds 10] [--offer-rate 50] [--offer-seconds 20] [--out runs.jsonl]
 *   npm run bench:compare -- --from runs.jsonl   (the table again from the runs an earlier --out kept)
 *
 * DIR is another build's dist folder (a worktree of the commit with its own `npm ci` and
 * `npm run build`); "now" is this build's. Every run is the ordinary bench with `--apps-dist`,
 * its output left out but for its `BENCH` line (`--out` keeps those, one JSON line per run).
 */

const args = benchArgs();

const DIST = join(__dirname, '..', '..');
/** Runs an earlier `--out` kept: the table is printed again from them, nothing is run. */
const FROM = args.get('from');
const BEFORE = args.get('before');
if (!BEFORE && !FROM) throw new Error('--before DIR (the dist folder of the build to compare with) is required');
const DISTS: Record<Build, string> = { before: resolve(BEFORE ?? ''), now: DIST };
const PAIRS = Number(args.get('pairs') ?? 2);
if (!Number.isInteger(PAIRS) || PAIRS < 1) throw new Error(`--pairs takes a whole number of at least 1, not ${JSON.stringify(args.get('pairs'))}`);
const SHAPES = listArg('shapes', args.get('shapes') ?? 'sustained,burst,offers', COMPARED_SHAPES);
const OUT = args.get('out');

/** The bench script and its arguments for one shape. */
function benchCommand(shape: ComparedShape): string[] {
  const bench = (script: string) => join(DIST, 'test', 'bench', script);
  switch (shape) {
    case 'sustained':
      return [bench('press-latency.js'), '--shape', 'sustained', '--connections', args.get('connections') ?? '50', '--seconds', args.get('seconds') ?? '10'];
    case 'burst':
      return [bench('press-latency.js'), '--shape', 'burst', '--residents', args.get('residents') ?? '2000'];
    case 'offers':
      return [bench('offer-path.js'), '--rate', args.get('offer-rate') ?? '50', '--seconds', args.get('offer-seconds') ?? '20'];
    case 'connections':
      return [bench('connections.js')];
  }
}

/** Runs one bench for one build; its `BENCH` line, if it printed one. Never rejects: a failed run is a row's "failed". */
function runOnce(shape: ComparedShape, build: Build): Promise<CompareRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...benchCommand(shape), '--apps-dist', DISTS[build]], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const finish = (exitCode: number | null) => {
      const line = out.split('\n').findLast((l) => l.startsWith('BENCH '));
      let summary: BenchSummary | undefined;
      try {
        summary = line ? (JSON.parse(line.slice('BENCH '.length)) as BenchSummary) : undefined;
      } catch {
        summary = undefined;
      }
      done({ build, shape, exitCode, ...(summary ? { summary } : {}) });
    };
    child.once('error', () => finish(null));
    child.once('close', finish);
  });
}

/** The commit a dist folder was built from, when it sits in a git checkout. */
function commitOf(dist: string): string {
  const git = (...gitArgs: string[]) =>
    execFileSync('git', ['-C', dirname(dist), ...gitArgs], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const dirty = git('status', '--porcelain', '--untracked-files=no');
    return `${git('log', '-1', '--format=%h %cd', '--date=short')}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'not in a git checkout';
  }
}

/** A run as `--out` keeps it: which build's dist folder ran it. */
type KeptRun = CompareRun & { dist: string };

/** The table and its one-line summary, for runs made now or kept by an earlier `--out`. */
function printTable(runs: readonly KeptRun[], heading: string): void {
  const distOf = (build: Build) => runs.find((r) => r.build === build)?.dist;
  console.log(`\n${heading}`);
  for (const build of ['before', 'now'] as const) {
    const dist = distOf(build);
    if (dist) console.log(`${`${build}:`.padEnd(8)}${dist} (${commitOf(dist)})`);
  }
  const rows = compareRows(runs);
  console.log(`each cell lists the runs in the order they ran\n\n${markdownTable(rows)}`);
  console.log(`\nCOMPARE ${JSON.stringify({ before: distOf('before'), now: distOf('now'), runs: runs.length, rows })}`);
}

async function main(): Promise<void> {
  if (FROM) {
    const kept = readFileSync(FROM, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as KeptRun);
    printTable(kept, `HeartKey before and now, the ${kept.length} runs kept in ${FROM}`);
    return;
  }
  const started = new Date();
  const loadAtStart = loadavg();
  const runs: KeptRun[] = [];
  const total = PAIRS * SHAPES.length * 2;
  for (let pair = 0; pair < PAIRS; pair++) {
    // Before first in even pairs, now first in odd ones: a drift of the machine's speed falls on both.
    const order: Build[] = pair % 2 === 0 ? ['before', 'now'] : ['now', 'before'];
    for (const shape of SHAPES) {
      for (const build of order) {
        const t0 = performance.now();
        const run = { ...(await runOnce(shape, build)), dist: DISTS[build] };
        runs.push(run);
        if (OUT) appendFileSync(OUT, `${JSON.stringify(run)}\n`);
        const outcome = run.summary ? (run.exitCode === 0 ? 'done' : `done, exit code ${run.exitCode}`) : `failed (exit code ${run.exitCode})`;
        process.stderr.write(`[${runs.length}/${total}] ${shape}, ${build}: ${outcome} in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
      }
    }
  }
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
  printTable(
    runs,
    `HeartKey before and now, ${started.toISOString()} to ${new Date().toISOString()}, ${PAIRS} pair(s) alternating; node ${process.version}; load average (1/5/15 min) ${load(loadAtStart)} at start, ${load(loadavg())} at end`,
  );
  if (runs.some((r) => !r.summary)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
