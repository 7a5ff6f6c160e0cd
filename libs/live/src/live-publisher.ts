import {
  ConsoleEvent,
  districtRoom,
  DistrictRoom,
  ConsoleRoom,
  type ConsoleServerEvents,
  type DispatchOffered,
  type IncidentView,
  Namespace,
  ResponderEvent,
  type ResponderServerEvents,
} from '@app/contracts';
import { toError } from '@app/errors';
import { Emitter } from '@socket.io/redis-emitter';
import type IORedis from 'ioredis';
import { responderRoom, userRoom } from './rooms';
import { socketIoParser } from './socket-io-parser';

/** An offer that is over for its responder (voided or timed out). */
export interface EndedOffer {
  responderId: string;
  dispatchId: string;
}

/** One message for the console's @socket.io/redis-adapter: a Redis channel and what to publish on it. */
interface WireMessage {
  channel: string;
  message: string | Buffer;
}

/**
 * All the socket.io emitter asks of its "Redis client" is `publish`, whose result it ignores.
 * This one keeps what it is handed instead of sending it: the emitter is used only to encode
 * the adapter's wire format (its own maintainers keep the two in step), and the publisher
 * sends the messages itself on a real connection and awaits Redis's answer.
 */
class WireRecorder {
  readonly messages: WireMessage[] = [];
  publish(channel: string, message: string | Buffer): void {
    this.messages.push({ channel, message });
  }
}

/**
 * Pushes live events to every console instance through Redis (any process can use it). Each
 * method resolves once Redis took the message(s) and rejects when Redis is unavailable.
 */
export class LivePublisher {
  constructor(
    private readonly redis: Pick<IORedis, 'pipeline'>,
    private readonly key: string,
  ) {}

  /**
   * To the sockets of the incident's district and of every district; an incident shown to every
   * console (`shownBecause`, decided by the district exception in @app/incidents) also to all the
   * others, carrying why. A socket in several of these rooms gets it once.
   */
  incident(view: IncidentView, created: boolean): Promise<void> {
    return this.incidents([{ view, created }]);
  }

  /**
   * Several incidents at once (the incidents of a batch of presses, of openings committed
   * together): their messages leave in one pipeline, one write to Redis instead of one per
   * incident. Rejects when Redis took none or not all of them.
   */
  incidents(changes: readonly { view: IncidentView; created: boolean }[]): Promise<void> {
    return this.send((wire) => {
      for (const { view, created } of changes) {
        const event = created ? ConsoleEvent.IncidentCreated : ConsoleEvent.IncidentUpdated;
        const district = view.resident.district;
        const within = [DistrictRoom.All, ...(district ? [districtRoom(district)] : [])];
        const { shownBecause, ...inDistrict } = view;
        this.console(wire).to(within).emit(event, inDistrict);
        if (shownBecause) this.console(wire).to(ConsoleRoom.Operators).except(within).emit(event, view);
      }
    });
  }

  dispatchOffered(responderId: string, offer: DispatchOffered): Promise<void> {
    return this.send(this.offered(responderId, offer));
  }

  /**
   * The offers of a batch of notify jobs, in one pipeline (one write to Redis, not one per
   * offer). Each offer gets its own outcome, in order: undefined once Redis took it, else the
   * error; never rejects. So a batch-mate's failure neither fails an offer that went out (its
   * job would send it again) nor hides one that did not.
   */
  dispatchesOffered(offers: readonly { responderId: string; offer: DispatchOffered }[]): Promise<(Error | undefined)[]> {
    return this.sendEach(offers.map(({ responderId, offer }) => this.offered(responderId, offer)));
  }

  /** Offers an operator voided: each responder is told to forget its own. One pipeline; rejects if Redis took none of it. */
  dispatchesCancelled(ended: readonly EndedOffer[]): Promise<void> {
    return this.offersEnded(ResponderEvent.DispatchCancelled, ended);
  }

  /** Offers whose time ran out: each responder's phone shows its own as expired. One pipeline; rejects if Redis took none of it. */
  dispatchesTimedOut(ended: readonly EndedOffer[]): Promise<void> {
    return this.offersEnded(ResponderEvent.DispatchTimedOut, ended);
  }

  private offersEnded(event: typeof ResponderEvent.DispatchCancelled | typeof ResponderEvent.DispatchTimedOut, ended: readonly EndedOffer[]): Promise<void> {
    if (!ended.length) return Promise.resolve();
    return this.send((wire) => {
      for (const { responderId, dispatchId } of ended) this.responders(wire).to(responderRoom(responderId)).emit(event, { dispatchId });
    });
  }

  /** Closes every socket of the user on every console instance (logout, password change, revocation). */
  disconnectUser(userId: string): Promise<void> {
    return this.send((wire) => {
      this.console(wire).in(userRoom(userId)).disconnectSockets(true);
      this.responders(wire).in(userRoom(userId)).disconnectSockets(true);
    });
  }

  private console(wire: WireRecorder): Emitter<ConsoleServerEvents> {
    return new Emitter<ConsoleServerEvents>(wire, { key: this.key, parser: socketIoParser }, Namespace.Console);
  }

  private responders(wire: WireRecorder): Emitter<ResponderServerEvents> {
    return new Emitter<ResponderServerEvents>(wire, { key: this.key, parser: socketIoParser }, Namespace.Responders);
  }

  /** How one `dispatch.offered` push is encoded. */
  private offered(responderId: string, offer: DispatchOffered): (wire: WireRecorder) => void {
    return (wire) => this.responders(wire).to(responderRoom(responderId)).emit(ResponderEvent.DispatchOffered, offer);
  }

  /** One push (its messages encoded by `encode`) in one pipeline; rejects unless Redis took every message. */
  private async send(encode: (wire: WireRecorder) => void): Promise<void> {
    const [error] = await this.sendEach([encode]);
    if (error) throw error;
  }

  /**
   * Encodes each push with the emitter, publishes all their messages in one pipeline (one
   * write to Redis) and tells each push whether Redis took every message of its own. Never
   * rejects: a failure is the outcome of the pushes it concerns.
   */
  private async sendEach(encoders: readonly ((wire: WireRecorder) => void)[]): Promise<(Error | undefined)[]> {
    const pushes = encoders.map((encode) => {
      const wire = new WireRecorder();
      encode(wire);
      return wire.messages;
    });
    const pipeline = this.redis.pipeline();
    for (const m of pushes.flat()) pipeline.publish(m.channel, m.message);
    let results: [Error | null, unknown][] | null;
    try {
      results = pushes.some((messages) => messages.length) ? await pipeline.exec() : [];
    } catch (error) {
      const failure = toError(error);
      return pushes.map(() => failure);
    }
    let next = 0;
    return pushes.map((messages) => {
      // Should a future emitter hand messages over later, nothing would be sent: fail loudly, never silently.
      if (!messages.length) return new Error('the socket.io emitter handed over no message to publish');
      const own = results?.slice(next, (next += messages.length)) ?? [];
      const failed = own.find(([error]) => error)?.[0];
      return failed ?? (own.length === messages.length ? undefined : new Error('Redis ran none of the pipelined publishes'));
    });
  }
}
