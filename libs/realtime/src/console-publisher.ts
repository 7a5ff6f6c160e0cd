import {
  ConsoleEvent,
  ConsoleRoom,
  type ConsoleServerEvents,
  type IncidentView,
  Namespace,
  ResponderEvent,
  type ResponderServerEvents,
  type DispatchOffered,
} from '@app/contracts';
import { Emitter } from '@socket.io/redis-emitter';
import type IORedis from 'ioredis';

/**
 * The emitter publishes without looking at the result; a rejected publish would be an
 * unhandled rejection. This client hands the emitter a publish that is observed, and keeps
 * the promise so the caller can await the outcome.
 */
class ObservedPublisher {
  last: Promise<unknown> = Promise.resolve();
  constructor(private readonly redis: IORedis) {}
  publish(channel: string, message: string | Buffer): Promise<unknown> {
    const sent = this.redis.publish(channel, message);
    sent.catch(() => undefined);
    this.last = sent;
    return sent;
  }
}

export function responderRoom(responderId: string): string {
  return `responder-${responderId}`;
}

/** Every socket of one user, in whichever namespace, joins this room: revoking a session closes them all. */
export function userRoom(userId: string): string {
  return `user-${userId}`;
}

/** Pushes live events to every console instance through Redis (any process can use it). */
export class LivePublisher {
  private readonly publisher: ObservedPublisher;
  private readonly console: Emitter<ConsoleServerEvents>;
  private readonly responders: Emitter<ResponderServerEvents>;

  constructor(redis: IORedis, key: string) {
    this.publisher = new ObservedPublisher(redis);
    const root = new Emitter(this.publisher as unknown as IORedis, { key });
    this.console = root.of(Namespace.Console) as Emitter<ConsoleServerEvents>;
    this.responders = root.of(Namespace.Responders) as Emitter<ResponderServerEvents>;
  }

  /** Resolves once Redis took the message; rejects when Redis is unavailable. */
  incident(view: IncidentView, created: boolean): Promise<unknown> {
    const event = created ? ConsoleEvent.IncidentCreated : ConsoleEvent.IncidentUpdated;
    this.console.to(ConsoleRoom.Operators).emit(event, view);
    return this.publisher.last;
  }

  dispatchOffered(responderId: string, offer: DispatchOffered): Promise<unknown> {
    this.responders.to(responderRoom(responderId)).emit(ResponderEvent.DispatchOffered, offer);
    return this.publisher.last;
  }

  /** Closes every socket of the user on every console instance (logout, password change, revocation). */
  disconnectUser(userId: string): Promise<unknown> {
    this.console.in(userRoom(userId)).disconnectSockets(true);
    const consoleSent = this.publisher.last;
    this.responders.in(userRoom(userId)).disconnectSockets(true);
    return Promise.all([consoleSent, this.publisher.last]);
  }

  dispatchCancelled(responderId: string, dispatchId: string): Promise<unknown> {
    this.responders.to(responderRoom(responderId)).emit(ResponderEvent.DispatchCancelled, { dispatchId });
    return this.publisher.last;
  }
}
