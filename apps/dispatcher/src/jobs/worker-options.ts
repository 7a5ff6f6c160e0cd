/**
 * How soon a job held by a worker that died (SIGKILL, out of memory, a lost machine) runs again.
 * With BullMQ's defaults (a 30 s lock, stalled jobs looked for every 30 s) such a job waits up to
 * a minute, and the fault suite measured offer timers firing 73 s late after dispatcher kills:
 * the next responder asked a minute late. A 5 s lock (renewed every 2.5 s) checked every 5 s
 * takes such a job up again within about 10 s. The price: an event loop blocked for over 5 s
 * lets a job run twice, which every handler tolerates (BullMQ can run a job again even after it
 * did its work, so every side effect is safe to repeat); a job only fails after stalling three
 * times, not at the second stall.
 */
export const WORKER_RECOVERY_OPTIONS = { lockDuration: 5000, stalledInterval: 5000, maxStalledCount: 3 } as const;
