/**
 * Collects calls for a moment and runs them as one: two thousand devices heard at once cost
 * one statement instead of two thousand, so heartbeat storms never queue an alarm behind them
 * in the connection pool. A batch runs when it holds `maxItems`, or `maxWaitMs` after its
 * first item; a lone call waits at most `maxWaitMs`.
 */
export class Batcher<T, R> {
  private pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;
  private readonly running = new Set<Promise<void>>();

  constructor(
    /** Runs one batch; returns one result per item, in order. */
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly options: { maxItems: number; maxWaitMs: number },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxItems) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  /** Runs what is pending now; resolves when every batch started so far has settled. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.running]);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    const work = this.run(batch.map((b) => b.item)).then(
      (results) => batch.forEach((b, i) => b.resolve(results[i])),
      (error: unknown) => batch.forEach((b) => b.reject(error)),
    );
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }
}
