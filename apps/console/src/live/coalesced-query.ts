/**
 * One query shared by everyone who asks at about the same time, with at most one start per
 * `minIntervalMs`. Every caller gets the result of a run that STARTED AFTER it asked: a socket
 * joins its rooms before asking for the snapshot, so whatever changed before the run began is
 * in it and whatever changed after reaches the socket as an event. Serving an earlier,
 * already-finished result instead would lose the changes in between.
 */
export class CoalescedQuery<T> {
  private running?: Promise<T>;
  private queued?: Promise<T>;
  private lastStartedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly run: () => Promise<T>,
    private readonly minIntervalMs: number,
  ) {}

  next(): Promise<T> {
    if (this.queued) return this.queued;
    const wait = this.lastStartedAt + this.minIntervalMs - Date.now();
    if (!this.running && wait <= 0) return this.start();
    // Once the current run is over and the interval has passed, one run for everyone who asked meanwhile.
    const current = this.running ?? Promise.resolve();
    this.queued = current
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => new Promise((resolve) => setTimeout(resolve, Math.max(0, this.lastStartedAt + this.minIntervalMs - Date.now()))))
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<T> {
    this.lastStartedAt = Date.now();
    const run = this.run();
    this.running = run;
    const done = () => {
      if (this.running === run) this.running = undefined;
    };
    run.then(done, done);
    return run;
  }
}
