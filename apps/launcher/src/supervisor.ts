import { CONFIG_ERROR_EXIT_CODE } from '@app/config';
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
  /**
   * The app stopped at start-up because its configuration is invalid; `problems` are the lines
   * it wrote to stderr. It is not restarted: the same configuration would fail again.
   */
  onConfigError(app: string, problems: string[]): void;
  /** Grace period between SIGTERM and SIGKILL when stopping. */
  stopGraceMs?: number;
}

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A run this long counts as healthy: the next crash restarts quickly again. */
const STABLE_RUN_MS = 60_000;
/** The last stderr lines of a run kept for onConfigError (the problems list is a few lines). */
const KEPT_ERROR_LINES = 50;

/** What to do after an app exited on its own: restart it, unless it said its configuration is invalid. */
export function afterUnexpectedExit(code: number | null): 'restart' | 'config-error' {
  return code === CONFIG_ERROR_EXIT_CODE ? 'config-error' : 'restart';
}

/**
 * Keeps one app process running: an alarm system must not stay down because one process died,
 * so an unexpected exit is reported loudly and the process is restarted with a growing delay.
 * Except an exit for an invalid configuration: that is handed to onConfigError instead, since
 * restarting would fail the same way forever.
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
    const errorLines: string[] = [];
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => this.options.onLine(this.spec.name, line));
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      errorLines.push(line);
      if (errorLines.length > KEPT_ERROR_LINES) errorLines.shift();
      this.options.onLine(this.spec.name, line);
    });
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.options.say(`${this.spec.name} could not be started: ${error.message}`, true);
      });
      child.once('close', (code, signal) => {
        resolve();
        if (this.stopping) return;
        if (afterUnexpectedExit(code) === 'config-error') {
          this.options.onConfigError(this.spec.name, errorLines);
          return;
        }
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
