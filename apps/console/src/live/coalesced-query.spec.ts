import { CoalescedQuery } from './coalesced-query';

describe('CoalescedQuery', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A query whose runs the test finishes by hand, numbered in start order. */
  function controlledQuery() {
    const runs: { startedAt: number; finish: (value: number) => void; fail: (error: Error) => void }[] = [];
    const run = () =>
      new Promise<number>((resolve, reject) => {
        const n = runs.length + 1;
        runs.push({ startedAt: Date.now(), finish: () => resolve(n), fail: reject });
      });
    return { runs, query: new CoalescedQuery(run, 1000) };
  }

  it('starts at once when nothing ran lately', async () => {
    const { runs, query } = controlledQuery();
    const result = query.next();
    expect(runs).toHaveLength(1);
    runs[0]!.finish(1);
    await expect(result).resolves.toBe(1);
  });

  it('gives everyone who asked during a run one later run, started after they asked', async () => {
    const { runs, query } = controlledQuery();
    const first = query.next();
    const during = [query.next(), query.next(), query.next()];
    expect(runs).toHaveLength(1);
    runs[0]!.finish(1);
    await expect(first).resolves.toBe(1);
    // The second run waits for the interval, then serves all three.
    await jest.advanceTimersByTimeAsync(999);
    expect(runs).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.startedAt - runs[0]!.startedAt).toBeGreaterThanOrEqual(1000);
    runs[1]!.finish(2);
    await expect(Promise.all(during)).resolves.toEqual([2, 2, 2]);
  });

  it('never hands out a result that was finished before the caller asked', async () => {
    const { runs, query } = controlledQuery();
    const first = query.next();
    runs[0]!.finish(1);
    await first;
    const later = query.next();
    expect(runs).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toHaveLength(2);
    runs[1]!.finish(2);
    await expect(later).resolves.toBe(2);
  });

  it('a failed run fails its callers only; the next callers get a new run', async () => {
    const { runs, query } = controlledQuery();
    const failing = query.next();
    const waiting = query.next();
    runs[0]!.fail(new Error('database away'));
    await expect(failing).rejects.toThrow('database away');
    await jest.advanceTimersByTimeAsync(1000);
    runs[1]!.finish(2);
    await expect(waiting).resolves.toBe(2);
  });
});
