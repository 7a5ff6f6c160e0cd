import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root: the nearest folder above `from` with a package.json. Built code runs
 * from dist/libs/demo/src and the tests from libs/demo/src, so a fixed `../..` would be wrong
 * in one of them.
 */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Where the demo keeps what must survive restarts: embedded Postgres files, generated secrets, device secrets. */
export function demoDataDir(): string {
  return join(projectRoot(), '.data');
}

export const DEMO_SECRETS_FILE = 'demo-secrets.json';
export const DEMO_DEVICES_FILE = 'demo-devices.json';
