import { APP_CONFIG, type AppConfig } from '@app/config';
import { ConsoleEvent, type DispatchOffered, type IncidentSnapshot, type IncidentView, ResponderEvent } from '@app/contracts';
import { errorMessage } from '@app/errors';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { SocketData } from '../live/socket-auth';
import { AuditLog, type AuditActor, type AuditRecord } from './audit-log';

/** What a namespace pushes that shows someone's data, and how to name it in the audit log. */
export interface AuditedStream {
  action: string;
  entityType: AuditRecord['entityType'];
  /** The ids of what one outgoing event showed (none: the event shows no personal data). */
  idsOf(event: string, args: readonly unknown[]): string[];
}

/** `/console`: incident views, pushed one by one or as a whole snapshot (at connection, after a resync). */
export const CONSOLE_STREAM: AuditedStream = {
  action: 'incident.stream',
  entityType: 'incident',
  idsOf(event, args) {
    if (event === ConsoleEvent.IncidentCreated || event === ConsoleEvent.IncidentUpdated) return [(args[0] as IncidentView).id];
    if (event === ConsoleEvent.IncidentSnapshot) return (args[0] as IncidentSnapshot).items.map((v) => v.id);
    return [];
  },
};

/** `/responders`: dispatch offers (the resident's medical history and allergies come with each). */
export const RESPONDER_STREAM: AuditedStream = {
  action: 'dispatch.stream',
  entityType: 'dispatch',
  idsOf(event, args) {
    return event === ResponderEvent.DispatchOffered ? [(args[0] as DispatchOffered).dispatchId] : [];
  },
};

/** The little of a socket.io socket this needs (any namespace's socket has it). */
interface WatchedSocket {
  // Only who the socket belongs to matters here.
  data: Pick<SocketData, 'user'>;
  handshake: { address: string };
  onAnyOutgoing(listener: (event: string, ...args: unknown[]) => void): unknown;
}

interface Pending {
  stream: AuditedStream;
  actor: AuditActor;
  address: string;
  ids: Set<string>;
  since: string;
}

/**
 * Records what live sockets were pushed: who was shown which incidents (or offers). A row per
 * push would cost a database write per operator per incident change, so each console instance
 * gathers, per user, stream and client address, the ids pushed during AUDIT_STREAM_FLUSH_S and
 * writes them as one row ("streamed incidents X, Y to user U since T"); `resident_ids` names
 * whose data that was, like every other row. The gathering sees every event that actually left
 * to a socket of this instance (socket.io's outgoing listeners, broadcasts included).
 *
 * What this costs in honesty: rows are written up to AUDIT_STREAM_FLUSH_S late, and the ids
 * gathered since the last write are lost if the process dies in between. A failed write is
 * kept and retried at the next flush, and said loudly; the push itself is never held back for
 * the audit trail (alarms come first).
 */
@Injectable()
export class StreamAudit implements OnModuleDestroy {
  private readonly logger = new Logger(StreamAudit.name);
  private pending = new Map<string, Pending>();
  private readonly timer: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    @Inject(AuditLog) private readonly audit: Pick<AuditLog, 'record'>,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'AUDIT_STREAM_FLUSH_S'>,
  ) {
    this.timer = setInterval(() => void this.flush(), config.AUDIT_STREAM_FLUSH_S * 1000);
    this.timer.unref();
  }

  /** Starts gathering what `socket` (authenticated) is pushed. */
  watch(socket: WatchedSocket, stream: AuditedStream): void {
    const user = socket.data.user;
    const address = socket.handshake.address;
    socket.onAnyOutgoing((event, ...args) => {
      const ids = stream.idsOf(event, args);
      if (ids.length) this.note(stream, { id: user.id, username: user.username, role: user.role }, address, ids);
    });
  }

  /** Writes what was gathered; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.writePending().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private note(stream: AuditedStream, actor: AuditActor, address: string, ids: readonly string[], since = new Date().toISOString()): void {
    const key = `${stream.action}|${actor.id}|${address}`;
    let entry = this.pending.get(key);
    if (!entry) this.pending.set(key, (entry = { stream, actor, address, ids: new Set(), since }));
    for (const id of ids) entry.ids.add(id);
    if (since < entry.since) entry.since = since;
  }

  private async writePending(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending = new Map();
    for (const entry of batch) {
      try {
        await this.audit.record({
          actor: entry.actor,
          action: entry.stream.action,
          entityType: entry.stream.entityType,
          address: entry.address,
          details: { ids: [...entry.ids], since: entry.since },
        });
      } catch (error) {
        this.logger.error(`audit of what was streamed to ${entry.actor.username} not written yet (retried): ${errorMessage(error)}`);
        this.note(entry.stream, entry.actor, entry.address, [...entry.ids], entry.since);
      }
    }
  }
}
