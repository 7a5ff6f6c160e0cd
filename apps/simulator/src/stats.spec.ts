import { formatSummary, formatTcpSummary, percentile, PressStats } from './stats';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('PressStats', () => {
  it('counts answers, retries and latency over a run', () => {
    const stats = new PressStats();
    stats.record({ status: 202, accepted: true, attempts: 1, latencyMs: 10 });
    stats.record({ status: 202, accepted: true, attempts: 3, latencyMs: 40 });
    stats.record({ status: 200, accepted: true, attempts: 1, latencyMs: 20 });
    stats.record({ status: 401, accepted: false, attempts: 1, latencyMs: 5 });
    stats.record({ status: 503, accepted: false, attempts: 6, latencyMs: 900 });
    stats.record({ accepted: false, attempts: 6, latencyMs: 1000 });
    stats.record({ status: 500, accepted: false, attempts: 1, latencyMs: 8 });
    expect(stats.done).toBe(7);
    expect(stats.failed).toBe(4);
    const s = stats.summary(2000);
    expect(s).toMatchObject({
      sent: 7,
      accepted: 3,
      notAccepted: 4,
      status202: 2,
      status200: 1,
      status204: 0,
      status4xx: 1,
      status503: 1,
      otherStatus: 1,
      networkErrors: 1,
      retries: 2 + 5 + 5,
      latencyMs: { p50: 20, p95: 1000, p99: 1000, max: 1000 },
      elapsedMs: 2000,
      throughput: 1.5,
    });
    const text = formatSummary(s);
    expect(text).toContain('sent        7 presses, 3 accepted, 4 not accepted, 12 retries');
    expect(text).toContain('202 2 · 200 (duplicate) 1 · 4xx 1 · 503 1 · other 1 · network errors 1');
    expect(text).toContain('p50 20 ms · p95 1000 ms · p99 1000 ms · max 1000 ms');
    expect(text).toContain('1.5 accepted/s over 2.00 s');
  });

  it('summarises an empty run without dividing by zero', () => {
    expect(new PressStats().summary(0)).toMatchObject({ sent: 0, throughput: 0, latencyMs: { p50: 0, max: 0 } });
  });
});

describe('formatTcpSummary', () => {
  it('counts answered frames and frames without an answer, positions apart and out of the latency', () => {
    const stats = new PressStats();
    stats.record({ accepted: true, attempts: 1, latencyMs: 10 });
    stats.record({ accepted: true, attempts: 2, latencyMs: 3010 });
    stats.record({ accepted: false, attempts: 3, latencyMs: 9000 });
    stats.record({ accepted: true, attempts: 1, latencyMs: 0.2, expectsAnswer: false });
    const s = stats.summary(10_000);
    expect(s).toMatchObject({ sent: 4, accepted: 3, notAccepted: 1, noAnswerExpected: 1, retries: 3, latencyMs: { p50: 3010, max: 9000 } });
    const text = formatTcpSummary(s, 2);
    expect(text).toContain('sent        4 frames over 2 connections, 3 resends');
    expect(text).toContain('answers     2 answered · 1 no answer · 1 sent without an answer expected (positions)');
    expect(text).toContain('p50 3010 ms · p95 9000 ms · p99 9000 ms · max 9000 ms');
    expect(text).toContain('0.2 answered/s over 10.00 s');
  });

  it('has no latency line when nothing expected an answer', () => {
    const stats = new PressStats();
    stats.record({ accepted: true, attempts: 1, latencyMs: 1, expectsAnswer: false });
    expect(formatTcpSummary(stats.summary(100), 1)).not.toContain('latency');
  });
});
