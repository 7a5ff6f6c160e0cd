/** The benches' command line: `--name value` pairs, and lists checked against what a flag takes. */

/** Every `--name value` pair of the command line (`--flag` alone gets ''). */
export function benchArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '');
  return args;
}

/** A comma-separated list of `known` names, each once, in the order given; anything else is refused by name. */
export function listArg<T extends string>(flag: string, list: string, known: readonly T[]): T[] {
  const isKnown = (name: string): name is T => (known as readonly string[]).includes(name);
  const names = [...new Set(list.split(',').map((name) => name.trim()))];
  const chosen = names.filter(isKnown);
  if (!chosen.length || chosen.length !== names.length) throw new Error(`--${flag} takes a list of ${known.join(', ')}, not ${JSON.stringify(list)}`);
  return chosen;
}
