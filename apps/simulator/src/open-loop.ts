import { progressLine } from './progress';
import { PressStats, type PressOutcome } from './stats';

export interface OpenLoopPlan {
  count: number;
  /** Starts per second. */
  rate: number;
}

export interface OpenLoopResult {
  stats: PressStats;
  elapsedMs: number;
  /** Ctrl-C stopped the run before every press had started. */
  stopped: boolean;
}

/**
 * Starts `count` presses at `rate` per second, each on its schedule however slow the answers to
 * earlier ones are (open loop, as independent handsets are), with a live progress line for a run
 * of more than one; resolves when every press has its outcome. A first Ctrl-C stops starting
 * presses (those in flight still count), a second exits.
 */
export async function runOpenLoop(plan: OpenLoopPlan, start: (index: number) => Promise<PressOutcome>): Promise<OpenLoopResult> {
  const stats = new PressStats();
  const tty = Boolean(process.stdout.isTTY) && plan.count > 1;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let inFlight = 0;
  let stopped = false;
  const onInterrupt = () => {
    if (stopped) process.exit(130);
    stopped = true;
  };
  process.on('SIGINT', onInterrupt);

  const render = (final = false) => {
    const line = progressLine(stats.done, plan.count, stats.failed, inFlight, elapsed());
    if (tty) process.stdout.write(`\r\u001b[K${line}${final ? '\n' : ''}`);
    else if (!final) console.log(line);
  };
  const ticker = plan.count > 1 ? setInterval(render, tty ? 100 : 1000) : undefined;

  const pending: Promise<void>[] = [];
  const intervalMs = 1000 / plan.rate;
  for (let i = 0; i < plan.count && !stopped; i++) {
    const wait = started + i * intervalMs - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight++;
    pending.push(
      start(i).then((outcome) => {
        inFlight--;
        stats.record(outcome);
      }),
    );
  }
  await Promise.all(pending);
  clearInterval(ticker);
  if (plan.count > 1) render(true);
  process.off('SIGINT', onInterrupt);
  return { stats, elapsedMs: elapsed(), stopped };
}
