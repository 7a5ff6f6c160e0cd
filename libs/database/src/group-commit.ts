/** What one item of a batch came to: its own result, or its own error. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** A batch holds at most this many items; the rest wait for the next one. */
  maxItems: number;
  /** At most this many batches run at once (statements in flight, each on its own pooled connection). */
  maxInFlight: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items that arrive together are run as one batch, and each caller gets its own
 * outcome once the batch is done. No timer decides when a batch closes: when a slot is free, the
 * items of the current event-loop turn go at once (a lone item is not delayed, it waits for one
 * `setImmediate`); while every slot is busy, what arrives gathers into the next batch, which goes
 * as soon as a slot frees. So the wait before an item's batch starts is bounded by one batch in
 * flight, and batches grow exactly as fast as the work behind them is slow.
 */
export class GroupCommit<T, R> {
  private pending: Waiting<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    /** Runs one batch; returns one outcome per item, in order. A rejection fails every item of the batch. */
    private readonly run: (items: T[]) => Promise<ItemOutcome<R>[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Runs what is pending and resolves once every batch started so far has settled. */
  async drain(): Promise<void> {
    while (this.pending.length || this.running.size) {
      this.startBatches();
      await Promise.allSettled([...this.running]);
    }
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    // One turn of the event loop: requests parsed in the same I/O phase share the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.pending.length && this.inFlight < this.options.maxInFlight) {
      const batch = this.pending.splice(0, this.options.maxItems);
      this.inFlight++;
      const work = this.settle(batch).finally(() => {
        this.inFlight--;
        this.running.delete(work);
        // What gathered while this batch ran goes now.
        this.startBatches();
      });
      this.running.add(work);
    }
  }

  private async settle(batch: Waiting<T, R>[]): Promise<void> {
    let outcomes: ItemOutcome<R>[];
    try {
      outcomes = await this.run(batch.map((w) => w.item));
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i];
      if (!outcome) w.reject(new Error('the batch gave no outcome for this item'));
      else if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }
}
