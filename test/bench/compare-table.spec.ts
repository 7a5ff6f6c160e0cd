import { type BenchSummary, type CompareRun, compareRows, formatValue, markdownTable } from './compare-table';

const sustained = (perSecond: number, p99Ms: number, consoleP99: number): BenchSummary => ({
  sustained: {
    connections: 50,
    heartkey: { perSecond, p50Ms: 10, p99Ms, errors: 0 },
    rawPerPress: { perSecond: 2000, p99Ms: 40 },
    rawGroup: { perSecond: 6000, p99Ms: 15 },
    ratioToRawPerPress: perSecond / 2000,
    ratioToRawGroup: perSecond / 6000,
    atHalf: {
      rate: Math.round(perSecond / 2),
      toAnswer: { p50: 5, p99: 18 },
      toConsole: { p50: 8, p99: consoleP99 },
      errors: 0,
      notShown: 0,
      rawPerPress: { toAnswer: { p50: 2, p99: 30 }, toPublished: { p50: 2, p99: 28 } },
    },
  },
});

const burst = (lastAnswerMs: number, lastFirstOfferMs: number | undefined, errors = 0): BenchSummary => ({
  burst: {
    residents: 2000,
    heartkey: {
      answered: 2000,
      errors,
      lastAnswerMs,
      lastOnConsoleMs: lastAnswerMs + 200,
      notShown: 0,
      ...(lastFirstOfferMs ? { lastFirstOfferMs, noOffer: 0 } : {}),
    },
    rawPerPress: { answered: 2000, errors: 0, lastAnswerMs: 1400 },
    rawGroup: { answered: 2000, errors: 0, lastAnswerMs: 700 },
  },
});

const row = (runs: CompareRun[], figure: string) => {
  const found = compareRows(runs).find((r) => r.figure === figure);
  if (!found) throw new Error(`no row ${figure}`);
  return found;
};

describe('the before/now capacity table', () => {
  it("lists each build's runs in the order they ran and counts the runs that met a goal", () => {
    const runs: CompareRun[] = [
      { build: 'before', shape: 'sustained', exitCode: 0, summary: sustained(200, 380, 30) },
      { build: 'now', shape: 'sustained', exitCode: 0, summary: sustained(2100, 45, 24.9) },
      { build: 'now', shape: 'sustained', exitCode: 0, summary: sustained(1900, 52, 25.1) },
      { build: 'before', shape: 'sustained', exitCode: 0, summary: sustained(190, 370, 29) },
    ];
    expect(row(runs, 'sustained, 50 connections: presses/s')).toMatchObject({ before: '200, 190', now: '2,100, 1,900' });
    expect(row(runs, 'sustained: share of the raw parts per press')).toMatchObject({
      before: '10 %, 10 %',
      now: '105 %, 95 %',
      goal: '≥ 50 %',
      metBefore: { met: 0, runs: 2 },
      metNow: { met: 2, runs: 2 },
    });
    expect(row(runs, 'sustained: p99')).toMatchObject({ now: '45.0, 52.0 ms', metNow: { met: 1, runs: 2 } });
    // 25 ms is the bound itself: 24.9 meets it, 25.1 does not.
    expect(row(runs, 'at half: press → console p99')).toMatchObject({ goal: '≤ 25 ms', metNow: { met: 1, runs: 2 }, metBefore: { met: 0, runs: 2 } });
  });

  it('counts a run that could not measure a figure, or printed nothing, as not meeting its goal', () => {
    const runs: CompareRun[] = [
      { build: 'now', shape: 'burst', exitCode: 0, summary: burst(1200, 2600) },
      // No offer query answered: the figure is missing, not met.
      { build: 'now', shape: 'burst', exitCode: 1, summary: burst(1300, undefined) },
      { build: 'before', shape: 'burst', exitCode: 1 },
    ];
    expect(row(runs, 'burst: every first offer')).toMatchObject({
      now: '2.60, — s',
      before: 'failed s',
      metNow: { met: 1, runs: 2 },
      metBefore: { met: 0, runs: 1 },
    });
    expect(row(runs, 'burst: last `202`')).toMatchObject({ now: '1.20, 1.30 s', goal: '≤ 1.5 s', metNow: { met: 2, runs: 2 } });
    expect(row(runs, 'burst: errors, not shown, without an offer')).toMatchObject({ now: '0, —', metNow: { met: 1, runs: 2 } });
  });

  it('leaves out the shapes that did not run, and prints Markdown', () => {
    const rows = compareRows([{ build: 'now', shape: 'burst', exitCode: 0, summary: burst(1200, 2600, 3) }]);
    expect(rows.every((r) => r.figure.startsWith('burst'))).toBe(true);
    expect(rows.find((r) => r.figure.startsWith('burst: errors'))).toMatchObject({ now: '3', metNow: { met: 0, runs: 1 } });
    const table = markdownTable(rows).split('\n');
    expect(table[0]).toBe('| figure | before | now | goal | met before | met now |');
    expect(table).toContain('| burst: last `202` |  | 1.20 s | ≤ 1.5 s |  | 1 of 1 |');
  });

  it('prints what a build could not measure as a dash', () => {
    expect(formatValue(undefined, 'ms')).toBe('—');
    expect(formatValue(Number.NaN, 'per-second')).toBe('—');
    expect(formatValue(1234.4, 'per-second')).toBe('1,234');
    expect(formatValue(1.234, 'times')).toBe('×1.23');
  });
});
