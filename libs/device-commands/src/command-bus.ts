import { type DeviceCommand, deviceCommandSchema, deviceSerialSchema } from '@app/contracts';
import { errorMessage } from '@app/errors';
import { Logger } from '@nestjs/common';
import type IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { deviceCommandReplyKey, deviceCommandsChannel } from './redis-keys';

/** `delivered`: the instance holding the device's connection wrote the command to it. `not_connected`: nobody confirmed in time. */
export type DeviceCommandOutcome = 'delivered' | 'not_connected';

/**
 * The ingest side: writes the command to the device if this instance holds its connection.
 * True only when it did (the bytes were written); false when it does not hold the device.
 */
export type DeviceCommandHandler = (serial: string, command: DeviceCommand) => Promise<boolean>;

/** Redis did not answer: whether the command reached the device is unknown (the console answers 503). */
export class DeviceCommandBusUnavailable extends Error {}

export interface DeviceCommandBusOptions {
  redisPrefix: string;
  /** How long a request waits for the holder's confirmation (DEVICE_COMMAND_TIMEOUT_MS). */
  timeoutMs: number;
  /** A shared, non-blocking connection: publishes requests and pushes replies. */
  publisher: IORedis;
  /** Opens a dedicated connection: a subscriber for serve(), blocking ones for request()'s BLPOP. */
  connect: (purpose: 'subscriber' | 'command') => IORedis;
}

const requestMessageSchema = z.strictObject({
  requestId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  serial: deviceSerialSchema,
  command: deviceCommandSchema,
});
type RequestMessage = z.infer<typeof requestMessageSchema>;

const DELIVERED = 'delivered';
/** A reply nobody waits for any more (the requester timed out) goes away on its own. */
const REPLY_TTL_S = 30;
/** BLPOP answers at its own timeout; past this much more, Redis itself is not answering. */
const BLOCKING_GRACE_MS = 2000;
/** Blocking connections kept open between requests (commands are rare; a burst opens more, briefly). */
const MAX_IDLE_BLOCKING = 4;

/**
 * Console → device commands across ingest instances. The console cannot know which instance
 * holds a device's TCP connection, so a request is published to every instance; the one that
 * holds it writes the command and confirms on a per-request list, which the console waits on
 * with BLPOP (a list, not pub/sub, so a confirmation that comes before the wait starts is not
 * lost). Instances that do not hold the device stay silent, and silence until the timeout
 * means `not_connected`.
 */
export class DeviceCommandBus {
  private readonly logger = new Logger('DeviceCommands');
  private readonly idle: IORedis[] = [];
  private readonly open = new Set<IORedis>();
  private subscriber?: IORedis;
  private closed = false;

  constructor(private readonly options: DeviceCommandBusOptions) {}

  /** Console side. Throws DeviceCommandBusUnavailable when Redis does not answer. */
  async request(serial: string, command: DeviceCommand): Promise<DeviceCommandOutcome> {
    const message: RequestMessage = { requestId: randomUUID(), serial, command };
    const replyKey = deviceCommandReplyKey(this.options.redisPrefix, message.requestId);
    try {
      await this.options.publisher.publish(deviceCommandsChannel(this.options.redisPrefix), JSON.stringify(message));
    } catch (error) {
      throw new DeviceCommandBusUnavailable(`could not publish the command: ${errorMessage(error)}`);
    }
    const connection = this.acquire();
    let reusable = false;
    try {
      const reply = await this.blockingPop(connection, replyKey);
      reusable = true;
      return reply === DELIVERED ? 'delivered' : 'not_connected';
    } finally {
      if (reusable) this.release(connection);
      else this.discard(connection);
    }
  }

  /**
   * Ingest side: handles every request published from now on (one handler per bus). Resolves
   * once subscribed; while Redis is away it keeps trying, and resubscribes after a reconnect.
   */
  async serve(handler: DeviceCommandHandler): Promise<void> {
    if (this.subscriber) throw new Error('this bus already serves a handler');
    const subscriber = this.options.connect('subscriber');
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, raw: string) => void this.handle(handler, raw));
    await subscriber.subscribe(deviceCommandsChannel(this.options.redisPrefix));
  }

  /** Stops serving and drops every connection it opened; waiting requests end (their callers see an error). */
  close(): Promise<void> {
    this.closed = true;
    // disconnect() only half-closes: messages already on their way would still come in.
    this.subscriber?.removeAllListeners('message');
    this.subscriber?.disconnect();
    this.subscriber = undefined;
    for (const connection of this.open) connection.disconnect();
    this.open.clear();
    this.idle.length = 0;
    return Promise.resolve();
  }

  private async handle(handler: DeviceCommandHandler, raw: string): Promise<void> {
    if (this.closed) return;
    let message: RequestMessage;
    try {
      message = requestMessageSchema.parse(JSON.parse(raw));
    } catch {
      this.logger.warn('ignored a malformed device command message');
      return;
    }
    let wrote: boolean;
    try {
      wrote = await handler(message.serial, message.command);
    } catch (error) {
      // No confirmation: the console answers not_connected, which is what the operator must hear.
      this.logger.warn(`${message.command.kind} for ${message.serial} failed: ${errorMessage(error)}`);
      return;
    }
    if (!wrote || this.closed) return;
    const replyKey = deviceCommandReplyKey(this.options.redisPrefix, message.requestId);
    try {
      await this.options.publisher.multi().rpush(replyKey, DELIVERED).expire(replyKey, REPLY_TTL_S).exec();
    } catch (error) {
      this.logger.warn(`could not confirm ${message.command.kind} for ${message.serial}: ${errorMessage(error)}`);
    }
  }

  private async blockingPop(connection: IORedis, key: string): Promise<string | undefined> {
    const { timeoutMs } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeviceCommandBusUnavailable('Redis did not answer the wait for the confirmation')), timeoutMs + BLOCKING_GRACE_MS);
    });
    try {
      // Redis takes a fractional timeout in seconds.
      const popped = await Promise.race([connection.blpop(key, (timeoutMs / 1000).toFixed(3)), hung]);
      return popped?.[1];
    } catch (error) {
      if (error instanceof DeviceCommandBusUnavailable) throw error;
      throw new DeviceCommandBusUnavailable(`waiting for the confirmation failed: ${errorMessage(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private acquire(): IORedis {
    if (this.closed) throw new DeviceCommandBusUnavailable('the device command bus is closed');
    const reused = this.idle.pop();
    if (reused) return reused;
    const connection = this.options.connect('command');
    this.open.add(connection);
    return connection;
  }

  private release(connection: IORedis): void {
    if (!this.closed && this.idle.length < MAX_IDLE_BLOCKING) this.idle.push(connection);
    else this.discard(connection);
  }

  /** A connection whose BLPOP may still be pending would swallow a later reply: never reuse it. */
  private discard(connection: IORedis): void {
    this.open.delete(connection);
    connection.disconnect();
  }
}
