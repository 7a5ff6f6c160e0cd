import { createHash } from 'node:crypto';
import { Client, type QueryConfig } from 'pg';

/**
 * At most this many statements are kept prepared on one connection. The app's SQL is a fixed
 * set of texts (a few hundred at most); a text built with a variable number of placeholders
 * could make new ones without end, so past the cap a text is sent unnamed, as before.
 */
export const MAX_PREPARED_PER_CONNECTION = 500;

/** Names by text, shared by every connection of the process (the same text always gets the same name). */
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `hk_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    if (names.size < MAX_PREPARED_PER_CONNECTION * 4) names.set(text, name);
  }
  return name;
}

/**
 * A `pg` client that prepares each parameterised statement once per connection (a named
 * statement) instead of sending it unnamed: Postgres then parses it once, not on every run, and
 * plans it once where it keeps the generic plan (always with `sessionOptions({ genericPlans })`;
 * otherwise it may plan again for each run's values). On the press and offer paths the same few
 * statements run thousands of times a second, and parsing and planning them was a large part of
 * Postgres's CPU (docs/capacity.md).
 *
 * Statements without parameters (BEGIN, COMMIT, the odd literal query) go as they are, in the
 * simple protocol. Given to the TypeORM pool as `extra.Client` (data-source.ts).
 */
export class PreparingClient extends Client {
  /** Names of the statements this connection prepared (or is preparing), up to the cap. */
  readonly preparedNames = new Set<string>();

  /** The name to send `text` under on this connection; undefined past the cap (sent unnamed). */
  nameFor(text: string): string | undefined {
    const name = nameOf(text);
    if (this.preparedNames.has(name)) return name;
    if (this.preparedNames.size >= MAX_PREPARED_PER_CONNECTION) return undefined;
    this.preparedNames.add(name);
    return name;
  }
}

const unnamedQuery = Client.prototype.query as (...args: unknown[]) => unknown;

// pg's query() is heavily overloaded; only the (text, values[, callback]) form TypeORM uses is changed.
PreparingClient.prototype.query = function query(this: PreparingClient, ...args: unknown[]): unknown {
  const [text, values, ...rest] = args;
  if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
    const name = this.nameFor(text);
    if (name !== undefined) return unnamedQuery.call(this, { name, text, values } satisfies QueryConfig, ...rest);
  }
  return unnamedQuery.apply(this, args);
} as Client['query'];
