/**
 * The capacity table, two builds side by side (`npm run bench:compare`): which figures
 * each shape's `BENCH` line gives, the goals they are held to, and how the runs of each build
 * are shown. Pure, so that what counts as "met" is specified (compare-table.spec.ts).
 */

/** The shapes the comparison can run, each one bench invocation per build and pair. */
export const COMPARED_SHAPES = ['sustained', 'burst', 'offers', 'connections'] as const;
export type ComparedShape = (typeof COMPARED_SHAPES)[number];

export type Build = 'before' | 'now';

/** One bench invocation: its parsed `BENCH` line, or nothing when it printed none (it failed). */
export interface CompareRun {
  build: Build;
  shape: ComparedShape;
  /** The process's exit code (1 when the bench found refused presses, incidents not shown, ...). */
  exitCode: number | null;
  summary?: BenchSummary;
}

interface P50P99 {
  p50: number;
  p99: number;
}

/** What the comparison reads of the `BENCH` lines (press-latency, offer-path, connections); they hold more. */
export interface BenchSummary {
  sustained?: {
    connections: number;
    heartkey: { perSecond: number; p50Ms: number; p99Ms: number; errors: number };
    rawPerPress: { perSecond: number; p99Ms: number };
    rawGroup: { perSecond: number; p99Ms: number };
    ratioToRawPerPress: number;
    ratioToRawGroup: number;
    atHalf: {
      rate: number;
      toAnswer: P50P99;
      toConsole: P50P99;
      errors: number;
      notShown: number;
      rawPerPress: { toAnswer: P50P99; toPublished: P50P99 };
    };
  };
  burst?: {
    residents: number;
    heartkey: BurstSide & { lastOnConsoleMs?: number; notShown?: number; lastFirstOfferMs?: number; noOffer?: number };
    rawPerPress: BurstSide;
    rawGroup: BurstSide;
  };
  /** offer-path.ts */
  shape?: string;
  rate?: number;
  toOffer?: P50P99;
  timeoutLateBy?: P50P99;
  refused?: number;
  withoutOffer?: number;
  /** connections.ts */
  heldDevices?: number;
  heldSockets?: number;
  ratios?: { answerP99: number; consoleP99: number };
  memory?: { perDeviceKiB: number; perSocketKiB: number };
  quiet?: { toAnswer: P50P99; toConsole: P50P99 };
  loaded?: { toAnswer: P50P99; toConsole: P50P99 };
}

interface BurstSide {
  answered: number;
  errors: number;
  lastAnswerMs: number;
}

type Unit = 'per-second' | 'percent' | 'ms' | 's' | 'count' | 'times' | 'KiB';

/** A goal: its wording and whether a value meets it. */
interface Goal {
  text: string;
  met: (value: number) => boolean;
}

/** One row of the table: a figure read from one shape's summary, with its goal if the issue sets one. */
interface Figure {
  shape: ComparedShape;
  label: (summary: BenchSummary) => string;
  unit: Unit;
  value: (summary: BenchSummary) => number | undefined;
  goal?: Goal;
}

const atMost = (limit: number, unit: string): Goal => ({ text: `≤ ${limit} ${unit}`, met: (v) => v <= limit });
const atLeastPercent = (limit: number): Goal => ({ text: `≥ ${limit} %`, met: (v) => v >= limit });
const none: Goal = { text: '0', met: (v) => v === 0 };

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

const burstErrors = (b: NonNullable<BenchSummary['burst']>): number | undefined =>
  b.heartkey.notShown === undefined || b.heartkey.noOffer === undefined ? undefined : b.heartkey.errors + b.heartkey.notShown + b.heartkey.noOffer;

/** The table and goals, in its order. */
export const FIGURES: readonly Figure[] = [
  {
    shape: 'sustained',
    unit: 'per-second',
    label: (s) => `sustained, ${s.sustained?.connections} connections: presses/s`,
    value: (s) => s.sustained?.heartkey.perSecond,
  },
  { shape: 'sustained', unit: 'per-second', label: () => 'sustained: raw parts per press, presses/s', value: (s) => s.sustained?.rawPerPress.perSecond },
  { shape: 'sustained', unit: 'per-second', label: () => 'sustained: raw parts group-committed, presses/s', value: (s) => s.sustained?.rawGroup.perSecond },
  {
    shape: 'sustained',
    unit: 'percent',
    label: () => 'sustained: share of the raw parts per press',
    value: (s) => s.sustained && s.sustained.ratioToRawPerPress * 100,
    goal: atLeastPercent(50),
  },
  {
    shape: 'sustained',
    unit: 'percent',
    label: () => 'sustained: share of the raw parts group-committed',
    value: (s) => s.sustained && s.sustained.ratioToRawGroup * 100,
    goal: atLeastPercent(25),
  },
  { shape: 'sustained', unit: 'ms', label: () => 'sustained: p50', value: (s) => s.sustained?.heartkey.p50Ms },
  { shape: 'sustained', unit: 'ms', label: () => 'sustained: p99', value: (s) => s.sustained?.heartkey.p99Ms, goal: atMost(50, 'ms') },
  { shape: 'sustained', unit: 'ms', label: () => 'sustained: raw parts per press, p99', value: (s) => s.sustained?.rawPerPress.p99Ms },
  { shape: 'sustained', unit: 'per-second', label: () => 'at half that rate: presses/s', value: (s) => s.sustained?.atHalf.rate },
  { shape: 'sustained', unit: 'ms', label: () => 'at half: press → `202` p99', value: (s) => s.sustained?.atHalf.toAnswer.p99 },
  { shape: 'sustained', unit: 'ms', label: () => 'at half: press → console p99', value: (s) => s.sustained?.atHalf.toConsole.p99, goal: atMost(25, 'ms') },
  {
    shape: 'sustained',
    unit: 'ms',
    label: () => 'at half: raw parts, press → Redis message p99',
    value: (s) => s.sustained?.atHalf.rawPerPress.toPublished.p99,
  },
  {
    shape: 'sustained',
    unit: 'count',
    label: () => 'sustained: errors, and presses not shown at half',
    value: (s) => s.sustained && s.sustained.heartkey.errors + s.sustained.atHalf.errors + s.sustained.atHalf.notShown,
    goal: none,
  },
  {
    shape: 'burst',
    unit: 'per-second',
    label: (s) => `burst of ${s.burst?.residents.toLocaleString('en-US')} new incidents: presses/s`,
    value: (s) => s.burst && s.burst.heartkey.answered / (s.burst.heartkey.lastAnswerMs / 1000),
  },
  { shape: 'burst', unit: 's', label: () => 'burst: last `202`', value: (s) => seconds(s.burst?.heartkey.lastAnswerMs), goal: atMost(1.5, 's') },
  {
    shape: 'burst',
    unit: 's',
    label: () => 'burst: every incident on a console',
    value: (s) => seconds(s.burst?.heartkey.lastOnConsoleMs),
    goal: atMost(2, 's'),
  },
  { shape: 'burst', unit: 's', label: () => 'burst: every first offer', value: (s) => seconds(s.burst?.heartkey.lastFirstOfferMs), goal: atMost(3, 's') },
  { shape: 'burst', unit: 'count', label: () => 'burst: errors, not shown, without an offer', value: (s) => s.burst && burstErrors(s.burst), goal: none },
  { shape: 'burst', unit: 's', label: () => 'burst: raw parts per press, last `202`', value: (s) => seconds(s.burst?.rawPerPress.lastAnswerMs) },
  { shape: 'burst', unit: 's', label: () => 'burst: raw parts group-committed, last `202`', value: (s) => seconds(s.burst?.rawGroup.lastAnswerMs) },
  { shape: 'offers', unit: 'ms', label: (s) => `offers, ${s.rate} new incidents/s: press → first offer p50`, value: (s) => s.toOffer?.p50 },
  { shape: 'offers', unit: 'ms', label: () => 'offers: press → first offer p99', value: (s) => s.toOffer?.p99, goal: atMost(100, 'ms') },
  { shape: 'offers', unit: 'ms', label: () => 'offers: timer fired late by, p99', value: (s) => s.timeoutLateBy?.p99 },
  {
    shape: 'offers',
    unit: 'count',
    label: () => 'offers: refused presses, incidents without an offer',
    value: (s) => (s.refused === undefined || s.withoutOffer === undefined ? undefined : s.refused + s.withoutOffer),
    goal: none,
  },
  {
    shape: 'connections',
    unit: 'count',
    label: () => 'connections: device connections held by one ingest',
    value: (s) => s.heldDevices,
  },
  { shape: 'connections', unit: 'count', label: () => 'connections: responder sockets held by one console', value: (s) => s.heldSockets },
  { shape: 'connections', unit: 'ms', label: () => 'connections: press → `202` p99, not held', value: (s) => s.quiet?.toAnswer.p99 },
  { shape: 'connections', unit: 'ms', label: () => 'connections: press → `202` p99, held', value: (s) => s.loaded?.toAnswer.p99 },
  { shape: 'connections', unit: 'ms', label: () => 'connections: press → console p99, not held', value: (s) => s.quiet?.toConsole.p99 },
  { shape: 'connections', unit: 'ms', label: () => 'connections: press → console p99, held', value: (s) => s.loaded?.toConsole.p99 },
  {
    shape: 'connections',
    unit: 'times',
    label: () => 'connections held: press → `202` p99 over not held',
    value: (s) => s.ratios?.answerP99,
    goal: { text: '≤ ×1.2', met: (v) => v <= 1.2 },
  },
  {
    shape: 'connections',
    unit: 'times',
    label: () => 'connections held: press → console p99 over not held',
    value: (s) => s.ratios?.consoleP99,
    goal: { text: '≤ ×1.2', met: (v) => v <= 1.2 },
  },
  { shape: 'connections', unit: 'KiB', label: () => 'memory per device connection', value: (s) => s.memory?.perDeviceKiB },
  { shape: 'connections', unit: 'KiB', label: () => 'memory per responder socket', value: (s) => s.memory?.perSocketKiB },
];

/** A value as the table prints it; what a build's run could not measure is "—". */
export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'per-second':
      return Math.round(value).toLocaleString('en-US');
    case 'percent':
      return `${Math.round(value)} %`;
    case 'ms':
    case 'KiB':
      return value.toFixed(1);
    case 's':
      return value.toFixed(2);
    case 'times':
      return `×${value.toFixed(2)}`;
    case 'count':
      return value.toLocaleString('en-US');
  }
}

const UNIT_SUFFIX: Record<Unit, string> = { 'per-second': '', percent: '', ms: ' ms', s: ' s', count: '', times: '', KiB: ' KiB' };

/** How often a build's runs met a goal: runs that could not measure it count as not met. */
export interface GoalTally {
  met: number;
  runs: number;
}

export interface CompareRow {
  figure: string;
  before: string;
  now: string;
  goal: string;
  metBefore?: GoalTally;
  metNow?: GoalTally;
}

/**
 * The table's rows: each build's runs of a shape in the order they ran, a figure's values side
 * by side, and for a goal how many of each build's runs met it. A run that printed no `BENCH`
 * line shows as "failed" and meets no goal.
 */
export function compareRows(runs: readonly CompareRun[]): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const figure of FIGURES) {
    const of = (build: Build) => runs.filter((r) => r.build === build && r.shape === figure.shape);
    const [before, now] = [of('before'), of('now')];
    if (!before.length && !now.length) continue;
    const sample = [...now, ...before].find((r) => r.summary)?.summary;
    const cells = (list: CompareRun[]) =>
      list.length ? `${list.map((r) => (r.summary ? formatValue(figure.value(r.summary), figure.unit) : 'failed')).join(', ')}${UNIT_SUFFIX[figure.unit]}` : '';
    const tally = (list: CompareRun[]): GoalTally | undefined => {
      const goal = figure.goal;
      if (!goal || !list.length) return undefined;
      const met = list.filter((r) => {
        const value = r.summary && figure.value(r.summary);
        return value !== undefined && Number.isFinite(value) && goal.met(value);
      }).length;
      return { met, runs: list.length };
    };
    const [metBefore, metNow] = [tally(before), tally(now)];
    rows.push({
      figure: figure.label(sample ?? {}),
      before: cells(before),
      now: cells(now),
      goal: figure.goal?.text ?? '',
      ...(metBefore ? { metBefore } : {}),
      ...(metNow ? { metNow } : {}),
    });
  }
  return rows;
}

const tallyText = (t: GoalTally | undefined) => (t ? `${t.met} of ${t.runs}` : '');

/** The rows as a Markdown table (it goes into the README as printed). */
export function markdownTable(rows: readonly CompareRow[]): string {
  const lines = ['| figure | before | now | goal | met before | met now |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.figure} | ${r.before} | ${r.now} | ${r.goal} | ${tallyText(r.metBefore)} | ${tallyText(r.metNow)} |`);
  return lines.join('\n');
}
