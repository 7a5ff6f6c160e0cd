import { retryDelayMs, shouldRetry } from './retry';

describe('retry policy', () => {
  it('retries only a 503 or a missing answer', () => {
    expect(shouldRetry(503)).toBe(true);
    expect(shouldRetry(undefined)).toBe(true);
    for (const status of [200, 202, 204, 400, 401, 413, 429, 500]) expect(shouldRetry(status)).toBe(false);
  });

  it('honours Retry-After in seconds or as a date, capped at 10 s', () => {
    expect(retryDelayMs(1, '2')).toBe(2000);
    expect(retryDelayMs(1, '0')).toBe(0);
    expect(retryDelayMs(1, '3600')).toBe(10_000);
    const now = Date.UTC(2026, 10, 28, 8, 0, 0);
    expect(retryDelayMs(1, new Date(now + 3000).toUTCString(), now)).toBe(3000);
    expect(retryDelayMs(1, new Date(now - 3000).toUTCString(), now)).toBe(0);
  });

  it('backs off exponentially without Retry-After', () => {
    expect([1, 2, 3, 4, 10].map((a) => retryDelayMs(a, null))).toEqual([250, 500, 1000, 2000, 10_000]);
    expect(retryDelayMs(2, 'soon')).toBe(500);
  });
});
