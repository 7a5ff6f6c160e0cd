import type { AppConfig } from '@app/config';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { waitUntilReady } from '../../apps/launcher/src/readiness';
import { freePort, freePorts } from '../../apps/launcher/src/services';

/**
 * A BUILT app (`dist/apps/<name>/src/main.js`) as a real child process, for what only a real
 * process shows: signals, exit codes, what it writes to stdout and stderr. `npm test` builds
 * first (pretest); when running jest directly, run `npm run build` before.
 */

export type AppName = 'ingest' | 'console' | 'dispatcher';

const PORT_VARIABLE: Record<AppName, 'INGEST_PORT' | 'CONSOLE_PORT' | 'DISPATCHER_PORT'> = {
  ingest: 'INGEST_PORT',
  console: 'CONSOLE_PORT',
  dispatcher: 'DISPATCHER_PORT',
};

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedApp {
  name: AppName;
  pid: number;
  url: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves when a line matching `pattern` has been written (already, or within `timeoutMs`). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<Exit>;
  /** Sends the signal (SIGTERM by default) and resolves on exit; SIGKILL after `timeoutMs`. */
  kill(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

/** The environment that gives a process exactly this config (every setting is a primitive). */
export function envOf(config: AppConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
}

export { freePort, freePorts };

/** dist/ of the repository, whether this file runs from source (jest) or built (the fault suite runs from dist/test/support). */
const DIST = basename(join(__dirname, '../..')) === 'dist' ? join(__dirname, '../..') : join(__dirname, '../../dist');

export function builtScript(name: AppName, dist = DIST): string {
  return join(dist, 'apps', name, 'src/main.js');
}

/** Starts the built app with `env` on a free port and waits for its /health/ready (the process is killed if it never gets there). */
export async function spawnApp(
  name: AppName,
  env: Record<string, string>,
  options: {
    readyTimeoutMs?: number;
    /** Node flags before the script (the bench's `--cpu-prof`). */
    nodeArgs?: string[];
    /** Another build's dist folder (the bench's `--apps-dist`, to measure before and after). */
    dist?: string;
  } = {},
): Promise<SpawnedApp> {
  const script = builtScript(name, options.dist);
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first (npm test does it)`);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    env: { PATH: process.env.PATH ?? '', ...env, HOST: '127.0.0.1', [PORT_VARIABLE[name]]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    waiters.forEach((w) => w());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const app: SpawnedApp = {
    name,
    pid: child.pid ?? -1,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    waitForOutput(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (!match) return false;
          cleanup();
          resolve(match[0]);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name} wrote nothing matching ${pattern} within ${timeoutMs} ms; output:\n${output.slice(-3000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        const waiter = () => void check();
        if (!check()) waiters.add(waiter);
      });
    },
    async kill(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };

  try {
    await Promise.race([
      waitUntilReady(name, `${app.url}/health/ready`, options.readyTimeoutMs ?? 20_000),
      exited.then((exit) => Promise.reject(new Error(`${name} exited before it was ready (${JSON.stringify(exit)}):\n${output.slice(-3000)}`))),
    ]);
  } catch (error) {
    await app.kill('SIGKILL');
    throw error;
  }
  return app;
}
