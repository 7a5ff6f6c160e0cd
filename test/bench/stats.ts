/** Nearest-rank percentile of a list of numbers (milliseconds here). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(values: number[]): LatencySummary {
  return { n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: values.length ? Math.max(...values) : NaN };
}

/** Runs `task(i)` for i in [0, count) at a fixed arrival rate (open loop: a slow answer does not delay the next start). */
export async function atFixedRate(count: number, ratePerSecond: number, task: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    running.push(task(i));
  }
  await Promise.all(running);
  return (performance.now() - started) / 1000;
}

/** A summary to a tenth of a millisecond, for the one-line summaries scripts read. */
export function rounded(s: LatencySummary): LatencySummary {
  const ms = (v: number) => Math.round(v * 10) / 10;
  return { n: s.n, p50: ms(s.p50), p99: ms(s.p99), max: ms(s.max) };
}
