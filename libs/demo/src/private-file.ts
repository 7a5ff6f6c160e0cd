import { errorMessage } from '@app/errors';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Reads a JSON file the demo wrote, or undefined when it does not exist yet. */
export function readJsonFile<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${errorMessage(error)}); delete it to start over`, {
      cause: error,
    });
  }
}

/**
 * Writes secrets readable by the owner only (0600). Written to a temporary file and renamed,
 * so a crash never leaves half a file that would lose every secret in it.
 */
export function writePrivateJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
