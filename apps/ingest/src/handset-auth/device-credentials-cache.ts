import type { DeviceChangeFeed } from '@app/device-commands';

/**
 * How long a cached device row is used at most. The invalidation console publishes after each
 * change is what makes a rotation or a disable take effect at once; this lifetime only bounds
 * the damage when that message is lost (console could not publish, a partition).
 */
export const DEVICE_CACHE_TTL_MS = 10_000;
/** Rows kept at most; the oldest go first. Unknown serials are cached too (see below), so this bounds memory. */
const MAX_ENTRIES = 200_000;

/**
 * The handset gateway's cache of device rows, one per serial, unknown serials included (as
 * "none"): a known and an unknown serial must cost the same, or timing would tell which exist.
 * Served only while the change feed is live; an entry is dropped when console announces a
 * change of its device, and everything is dropped when the feed comes back after a gap. A lookup
 * that raced a change is not cached (the generation moved on while it ran).
 */
export class DeviceCredentialsCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private generation = 0;

  constructor(private readonly feed: DeviceChangeFeed) {
    feed.onChange((serial) => {
      this.generation++;
      this.entries.delete(serial);
    });
    feed.onResync(() => {
      this.generation++;
      this.entries.clear();
    });
  }

  /** The cached row, or the one `load` reads (cached when nothing changed meanwhile). */
  async get(serial: string, load: () => Promise<V>): Promise<V> {
    if (!this.feed.live) return load();
    const hit = this.entries.get(serial);
    if (hit && hit.expiresAt > Date.now()) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && this.feed.live) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.delete(serial);
      this.entries.set(serial, { value, expiresAt: Date.now() + DEVICE_CACHE_TTL_MS });
    }
    return value;
  }
}
