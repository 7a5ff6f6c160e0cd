import type { TcpDeviceProtocolName } from '@app/contracts';
import type IORedis from 'ioredis';
import { deviceConnectionKey } from './redis-keys';

/** Who holds a TCP device's connection, as the ingest instance registered it. */
export interface DeviceConnection {
  /** The ingest instance (one id per process, e.g. a random UUID chosen at start-up). */
  instanceId: string;
  protocol: TcpDeviceProtocolName;
  remoteAddress: string;
  /** ISO-8601. */
  connectedAt: string;
}

/** What `touch` found: this instance's registration (refreshed), none (register again), or another instance's (the device moved). */
export type TouchResult = 'refreshed' | 'missing' | 'taken';

/** Slack over the idle timeout: a registration outlives its connection only briefly if an instance dies without cleaning up. */
export const CONNECTION_TTL_MARGIN_S = 60;

export function connectionTtlSeconds(deviceIdleTimeoutS: number): number {
  return Math.ceil(deviceIdleTimeoutS) + CONNECTION_TTL_MARGIN_S;
}

// Both scripts compare the stored instanceId before acting: a stale instance (the device has
// since reconnected elsewhere) must never refresh or delete the newer instance's registration.
const TOUCH = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, c = pcall(cjson.decode, v)
if ok and type(c) == 'table' and c.instanceId == ARGV[1] then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return 1
end
return -1`;

const DELETE_IF_MINE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, c = pcall(cjson.decode, v)
if ok and type(c) == 'table' and c.instanceId == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

function parseConnection(raw: string | null): DeviceConnection | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<DeviceConnection>;
    return typeof value.instanceId === 'string' && (value.protocol === 'watch' || value.protocol === 'gt06')
      ? {
          instanceId: value.instanceId,
          protocol: value.protocol,
          remoteAddress: String(value.remoteAddress ?? ''),
          connectedAt: String(value.connectedAt ?? ''),
        }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The connection registry: which ingest instance holds which TCP device, in Redis, so the
 * console can tell operators whether a device is connected and several ingest instances can
 * share the devices. A registration expires on its own (TTL = idle timeout + margin) unless
 * the holder refreshes it on every frame, so a crashed instance leaves nothing for long.
 */
export class DeviceConnectionRegistry {
  constructor(
    private readonly redis: IORedis,
    private readonly redisPrefix: string,
    private readonly ttlSeconds: number,
  ) {}

  /** The newest connection wins: a device that reconnects elsewhere is registered there. */
  async markConnected(serial: string, connection: DeviceConnection): Promise<void> {
    await this.redis.set(this.key(serial), JSON.stringify(connection), 'EX', this.ttlSeconds);
  }

  /** On every frame: refreshes this instance's registration only. 'missing' means register again (markConnected). */
  async touch(serial: string, instanceId: string): Promise<TouchResult> {
    const result = await this.redis.eval(TOUCH, 1, this.key(serial), instanceId, String(this.ttlSeconds));
    return result === 1 ? 'refreshed' : result === 0 ? 'missing' : 'taken';
  }

  /** Deletes the registration only while it is still this instance's. True when it deleted one. */
  async markDisconnected(serial: string, instanceId: string): Promise<boolean> {
    return (await this.redis.eval(DELETE_IF_MINE, 1, this.key(serial), instanceId)) === 1;
  }

  async connection(serial: string): Promise<DeviceConnection | undefined> {
    return parseConnection(await this.redis.get(this.key(serial)));
  }

  /** The connected ones among `serials` (one MGET). */
  async connections(serials: readonly string[]): Promise<Map<string, DeviceConnection>> {
    const found = new Map<string, DeviceConnection>();
    if (!serials.length) return found;
    const values = await this.redis.mget(...serials.map((s) => this.key(s)));
    serials.forEach((serial, i) => {
      const connection = parseConnection(values[i] ?? null);
      if (connection) found.set(serial, connection);
    });
    return found;
  }

  private key(serial: string): string {
    return deviceConnectionKey(this.redisPrefix, serial);
  }
}
