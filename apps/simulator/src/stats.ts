/** What became of one press after its retries. */
export interface PressOutcome {
  /** The last HTTP status, or undefined when the last attempt got no answer. */
  status?: number;
  accepted: boolean;
  attempts: number;
  /** From the first attempt to the final answer, retries included: what the handset lived through. */
  latencyMs: number;
  /** False for a frame the server never answers (a TCP device's position): accepted once written, and left out of the latency. */
  expectsAnswer?: boolean;
}

export interface Summary {
  sent: number;
  accepted: number;
  notAccepted: number;
  status202: number;
  status200: number;
  status204: number;
  status4xx: number;
  status503: number;
  otherStatus: number;
  networkErrors: number;
  retries: number;
  /** Frames that get no answer by design (positions). */
  noAnswerExpected: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  elapsedMs: number;
  /** Accepted presses per second over the whole run. */
  throughput: number;
}

/** Nearest-rank percentile of sorted values (0 for none): p50 of [1,2,3,4] is 2. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export class PressStats {
  private readonly outcomes: PressOutcome[] = [];

  record(outcome: PressOutcome): void {
    this.outcomes.push(outcome);
  }

  get done(): number {
    return this.outcomes.length;
  }

  get failed(): number {
    return this.outcomes.filter((o) => !o.accepted).length;
  }

  summary(elapsedMs: number): Summary {
    const count = (test: (o: PressOutcome) => boolean) => this.outcomes.filter(test).length;
    const latencies = this.outcomes
      .filter((o) => o.expectsAnswer !== false)
      .map((o) => o.latencyMs)
      .sort((a, b) => a - b);
    const accepted = count((o) => o.accepted);
    const known = new Set([200, 202, 204, 503]);
    return {
      sent: this.outcomes.length,
      accepted,
      notAccepted: this.outcomes.length - accepted,
      status202: count((o) => o.status === 202),
      status200: count((o) => o.status === 200),
      status204: count((o) => o.status === 204),
      status4xx: count((o) => o.status !== undefined && o.status >= 400 && o.status < 500),
      status503: count((o) => o.status === 503),
      otherStatus: count((o) => o.status !== undefined && !known.has(o.status) && (o.status < 400 || o.status >= 500)),
      networkErrors: count((o) => o.status === undefined),
      retries: this.outcomes.reduce((sum, o) => sum + o.attempts - 1, 0),
      noAnswerExpected: count((o) => o.expectsAnswer === false),
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? 0,
      },
      elapsedMs,
      throughput: elapsedMs > 0 ? (accepted * 1000) / elapsedMs : 0,
    };
  }
}

const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

const latencyLine = (s: Summary) =>
  `latency     p50 ${ms(s.latencyMs.p50)} · p95 ${ms(s.latencyMs.p95)} · p99 ${ms(s.latencyMs.p99)} · max ${ms(s.latencyMs.max)}`;
const seconds = (s: Summary) => `${(s.elapsedMs / 1000).toFixed(2)} s`;

/** The end-of-run report, a few aligned lines. */
export function formatSummary(s: Summary): string {
  const answers = [
    s.status202 && `202 ${s.status202}`,
    s.status200 && `200 (duplicate) ${s.status200}`,
    s.status204 && `204 ${s.status204}`,
    s.status4xx && `4xx ${s.status4xx}`,
    s.status503 && `503 ${s.status503}`,
    s.otherStatus && `other ${s.otherStatus}`,
    s.networkErrors && `network errors ${s.networkErrors}`,
  ].filter(Boolean);
  return [
    `sent        ${s.sent} ${s.sent === 1 ? 'press' : 'presses'}, ${s.accepted} accepted, ${s.notAccepted} not accepted, ${s.retries} retries`,
    `answers     ${answers.join(' · ') || 'none'}`,
    latencyLine(s),
    `throughput  ${s.throughput.toFixed(1)} accepted/s over ${seconds(s)}`,
  ].join('\n');
}

/** The end-of-run report of TCP devices: frames answered or not (resends included), over how many connections. */
export function formatTcpSummary(s: Summary, connections: number): string {
  const answered = s.accepted - s.noAnswerExpected;
  const expecting = s.sent - s.noAnswerExpected;
  return [
    `sent        ${s.sent} ${s.sent === 1 ? 'frame' : 'frames'} over ${connections} ${connections === 1 ? 'connection' : 'connections'}, ${s.retries} resends`,
    `answers     ${answered} answered · ${s.notAccepted} no answer${s.noAnswerExpected ? ` · ${s.noAnswerExpected} sent without an answer expected (positions)` : ''}`,
    ...(expecting ? [latencyLine(s)] : []),
    `throughput  ${(s.elapsedMs > 0 ? (answered * 1000) / s.elapsedMs : 0).toFixed(1)} answered/s over ${seconds(s)}`,
  ].join('\n');
}
