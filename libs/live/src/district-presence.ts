import type IORedis from 'ioredis';

/** How long an entry lives without its console instance vouching for it again (an instance that died stops vouching). */
export const PRESENCE_STALE_MS = 60_000;
/** How often a console instance vouches for its operators' sockets (well within PRESENCE_STALE_MS). */
export const PRESENCE_REFRESH_MS = 20_000;

/** The districts an operator socket covers: a list, or every district (a user without districts). */
export type Coverage = { all: true } | { all: false; districts: readonly string[] };

/** A resident's district; null for a resident without one (only operators of every district cover it). */
export type DistrictKey = string | null;

/**
 * What one console socket counts for: `operatorOf` for an `operator` (who takes the calls), the
 * districts it covers; `outsider` for a user limited to some districts (any console role), who
 * would not see the other districts' alarms without the exception.
 */
export interface PresenceEntry {
  operatorOf?: Coverage;
  outsider: boolean;
}

/** Who is connected, as the district exception needs it. */
export interface Reach {
  /** The districts (of those asked) with an operator of their own, or of every district, connected. */
  covered: Set<DistrictKey>;
  /** Whether any console limited to some districts is connected (if none, everyone connected sees every alarm anyway). */
  outsiders: boolean;
}

/** Who is connected, for every district: operators of every district, the districts with an operator of their own, consoles of some districts. */
export interface PresenceSnapshot {
  everyDistrict: boolean;
  districts: ReadonlySet<string>;
  outsiders: boolean;
}

/** The reach of a snapshot for these districts (a resident without a district is covered by operators of every district only). */
export function reachIn(snapshot: PresenceSnapshot, districts: readonly DistrictKey[]): Reach {
  const asked = new Set(districts);
  const covered = snapshot.everyDistrict ? asked : new Set([...asked].filter((d) => d !== null && snapshot.districts.has(d)));
  return { covered, outsiders: snapshot.outsiders };
}

/**
 * KEYS: consoles of some districts, operators of every district, the districts ever covered;
 * ARGV: the oldest score still counted, the key of a district's operators less its name.
 * Answers the first two counts, then the districts with an operator of their own.
 */
const SNAPSHOT_SCRIPT = `
local since = ARGV[1]
local answer = { redis.call('ZCOUNT', KEYS[1], since, '+inf'), redis.call('ZCOUNT', KEYS[2], since, '+inf') }
for _, district in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('ZCOUNT', ARGV[2] .. district, since, '+inf') > 0 then table.insert(answer, district) end
end
return answer`;

/**
 * Which districts have an operator connected, across every console instance: in Redis, one sorted
 * set per district (and one for operators of every district), member = socket id, score = when its
 * instance last vouched for it. Only `operator` sockets are entered: they are who takes the call.
 * Read before every push of an emergency (the district exception, @app/incidents), written by the
 * console's /console gateway.
 */
export class DistrictPresence {
  constructor(
    private readonly redis: Pick<IORedis, 'pipeline' | 'smembers' | 'eval'>,
    private readonly prefix: string,
  ) {}

  /** The socket is in its rooms: from now on it counts. */
  async enter(socketId: string, entry: PresenceEntry): Promise<void> {
    await this.vouch([{ socketId, entry }]);
  }

  /** The socket is gone: it no longer counts, on every instance, at once. */
  async leave(socketId: string, entry: PresenceEntry): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const key of this.keysOf(entry)) pipeline.zrem(key, socketId);
    await exec(pipeline);
  }

  /** Keeps these sockets counted (they are still open). */
  async vouch(sockets: readonly { socketId: string; entry: PresenceEntry }[]): Promise<void> {
    if (!sockets.length) return;
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const { socketId, entry } of sockets) {
      for (const key of this.keysOf(entry)) pipeline.zadd(key, now, socketId).pexpire(key, PRESENCE_STALE_MS);
      const districts = entry.operatorOf && !entry.operatorOf.all ? entry.operatorOf.districts : [];
      if (districts.length) pipeline.sadd(this.knownKey(), ...districts);
    }
    await exec(pipeline);
  }

  /**
   * Who is connected now, for every district at once: one script in Redis, so that it can be
   * read beside the views it is for, before anyone knows their districts (IncidentPublisher).
   */
  async snapshot(): Promise<PresenceSnapshot> {
    const keys = [this.outsidersKey(), this.everyKey(), this.knownKey()];
    const since = Date.now() - PRESENCE_STALE_MS;
    const [outsiders, every, ...covered] = (await this.redis.eval(SNAPSHOT_SCRIPT, keys.length, ...keys, since, this.districtKey(''))) as [
      number,
      number,
      ...string[],
    ];
    return { everyDistrict: every > 0, districts: new Set(covered), outsiders: outsiders > 0 };
  }

  /**
   * Drops the sockets nobody vouched for in PRESENCE_STALE_MS (their console instance died without
   * a disconnect). True when any was dropped: the live emergencies must be looked at again.
   */
  async dropStale(): Promise<boolean> {
    const known = await this.redis.smembers(this.knownKey());
    const keys = [this.outsidersKey(), this.everyKey(), ...known.map((d) => this.districtKey(d))];
    const before = Date.now() - PRESENCE_STALE_MS;
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.zremrangebyscore(key, '-inf', `(${before}`);
    return (await exec(pipeline)).some((removed) => Number(removed) > 0);
  }

  private keysOf(entry: PresenceEntry): string[] {
    const operator = entry.operatorOf;
    const ofDistricts = !operator ? [] : operator.all ? [this.everyKey()] : operator.districts.map((d) => this.districtKey(d));
    return [...ofDistricts, ...(entry.outsider ? [this.outsidersKey()] : [])];
  }

  private outsidersKey(): string {
    return `${this.prefix}-consoles-of-some-districts`;
  }

  private everyKey(): string {
    return `${this.prefix}-operators-of-every-district`;
  }

  private districtKey(district: string): string {
    return `${this.prefix}-operators-of-district-${district}`;
  }

  private knownKey(): string {
    return `${this.prefix}-operator-districts`;
  }
}

/** Runs a pipeline; the first error of any command rejects. */
async function exec(pipeline: ReturnType<IORedis['pipeline']>): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return results.map(([, value]) => value);
}
