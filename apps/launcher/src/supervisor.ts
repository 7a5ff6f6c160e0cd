import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface AppSpec {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
}

export interface SupervisorOptions {
  /** Receives every output line of the app. */
  onLine(app: string, line: string): void;
  /** The launcher's own messages (starts, crashes, restarts). */
  say(message: string, loud?: boolean): void;
  /** Grace period between SIGTERM and SIGKILL when stopping. */
  stopGraceMs?: number;
}

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A run this long counts as healthy: the next crash restarts quickly again. */
const STABLE_RUN_MS = 60_000;

/**
 * Keeps one app process running: an alarm system must not stay down because one process died,
 * so an unexpected exit is reported loudly and the process is restarted with a growing delay.
 */
export class SupervisedApp {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private stopping = false;
  private backoffMs = FIRST_BACKOFF_MS;
  private restartTimer?: NodeJS.Timeout;
  restarts = 0;

  constructor(
    readonly spec: AppSpec,
    private readonly options: SupervisorOptions,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const startedAt = Date.now();
    // Its own process group: a Ctrl-C in the terminal reaches the launcher only, which then
    // stops every app in order instead of all of them dying at once mid-request.
    const child = spawn(process.execPath, [this.spec.script], { env: this.spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.options.onLine(this.spec.name, line));
    }
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.options.say(`${this.spec.name} could not be started: ${error.message}`, true);
      });
      child.once('close', (code, signal) => {
        resolve();
        if (this.stopping) return;
        if (Date.now() - startedAt > STABLE_RUN_MS) this.backoffMs = FIRST_BACKOFF_MS;
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        this.options.say(`${this.spec.name} DIED unexpectedly (${how}); restarting in ${this.backoffMs / 1000} s`, true);
        this.restartTimer = setTimeout(() => {
          this.restarts++;
          this.start();
        }, this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      });
    });
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const grace = setTimeout(() => {
      this.options.say(`${this.spec.name} did not stop within ${(this.options.stopGraceMs ?? 10_000) / 1000} s: killing it`, true);
      child.kill('SIGKILL');
    }, this.options.stopGraceMs ?? 10_000);
    await this.exited;
    clearTimeout(grace);
  }
}
