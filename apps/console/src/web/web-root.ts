import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Where `vite build` puts the web console, relative to the repository root. */
export const WEB_BUILD_DIR = join('dist', 'console-web');

/**
 * Finds the built web console by walking up from this file: it is `<repo>/dist/console-web`
 * whether this runs compiled (from `<repo>/dist/apps/...`) or from source under ts-jest.
 */
export function findWebRoot(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, WEB_BUILD_DIR);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every file of the build as a URL path without the leading slash (`assets/index-abc.js`). */
export function listBuiltFiles(root: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.add(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return files;
}
