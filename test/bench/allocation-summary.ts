import { readFileSync } from 'node:fs';

/**
 * Reads an allocation profile of `--profile <app>:allocations` and prints where the bytes were
 * allocated: by package (or app module), and by the function that allocated them.
 *
 *   node dist/test/bench/allocation-summary.js profiles/Allocations.<pid>.heapprofile [--presses N]
 *
 * With `--presses`, the total is also given per press (the presses the app took in the run).
 */

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/** The package an allocation site belongs to, or the app's own module. */
export function sourceOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /dist\/((?:apps|libs)\/[^/]+)\//.exec(url);
  if (own) return own[1]!;
  return url || '(V8)';
}

export function summarize(head: ProfileNode): { total: number; bySource: Map<string, number>; byFunction: Map<string, number> } {
  const bySource = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  const stack = [head];
  while (stack.length) {
    const node = stack.pop()!;
    const { functionName, url, lineNumber } = node.callFrame;
    total += node.selfSize;
    const source = sourceOf(url);
    bySource.set(source, (bySource.get(source) ?? 0) + node.selfSize);
    const fn = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + node.selfSize);
    stack.push(...node.children);
  }
  return { total, bySource, byFunction };
}

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) throw new Error('usage: allocation-summary <file.heapprofile> [--presses N]');
  const presses = rest[0] === '--presses' ? Number(rest[1]) : undefined;
  const { total, bySource, byFunction } = summarize((JSON.parse(readFileSync(file, 'utf8')) as { head: ProfileNode }).head);
  const perPress = presses ? `, ${(total / presses / 1024).toFixed(1)} KiB per press` : '';
  console.log(`allocated ${(total / 1024 / 1024).toFixed(0)} MiB${perPress}`);
  const top = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${((bytes / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
  };
  top('by source', bySource);
  top('by function', byFunction);
}

if (require.main === module) main();
