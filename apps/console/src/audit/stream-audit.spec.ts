import { ConsoleEvent, type IncidentView, ResponderEvent } from '@app/contracts';
import type { AuditRecord } from './audit-log';
import { CONSOLE_STREAM, RESPONDER_STREAM, StreamAudit } from './stream-audit';

type Listener = (event: string, ...args: unknown[]) => void;

/** A socket as StreamAudit sees it; `push` plays an outgoing event. */
function socketOf(userId: string, address = '10.0.0.1') {
  const listeners: Listener[] = [];
  return {
    data: { user: { id: userId, username: `user-${userId}`, role: 'operator' as const } },
    handshake: { address },
    onAnyOutgoing(listener: Listener) {
      listeners.push(listener);
    },
    push(event: string, ...args: unknown[]) {
      for (const listener of listeners) listener(event, ...args);
    },
  };
}

const view = (id: string): Pick<IncidentView, 'id'> => ({ id });

describe('StreamAudit', () => {
  let records: AuditRecord[];
  let failing: boolean;
  let stream: StreamAudit;

  beforeEach(() => {
    records = [];
    failing = false;
    stream = new StreamAudit(
      {
        record: (entry) => {
          if (failing) return Promise.reject(new Error('database away'));
          records.push(entry);
          return Promise.resolve();
        },
      },
      { AUDIT_STREAM_FLUSH_S: 3600 },
    );
  });

  afterEach(() => stream.onModuleDestroy());

  it('writes one row per user and window, naming each incident pushed once', async () => {
    const first = socketOf('u1');
    const second = socketOf('u2');
    stream.watch(first, CONSOLE_STREAM);
    stream.watch(second, CONSOLE_STREAM);
    first.push(ConsoleEvent.IncidentCreated, view('i1'));
    first.push(ConsoleEvent.IncidentUpdated, view('i1'));
    first.push(ConsoleEvent.IncidentSnapshot, { items: [view('i1'), view('i2')], at: '' });
    second.push(ConsoleEvent.IncidentUpdated, view('i2'));
    await stream.flush();
    expect(records.map((r) => [r.actor.id, r.action, r.entityType, r.address, r.details?.ids])).toEqual([
      ['u1', 'incident.stream', 'incident', '10.0.0.1', ['i1', 'i2']],
      ['u2', 'incident.stream', 'incident', '10.0.0.1', ['i2']],
    ]);
    expect(records[0]!.details).toHaveProperty('since');

    // Nothing pushed since: nothing written.
    await stream.flush();
    expect(records).toHaveLength(2);
  });

  it('names the offers pushed to a responder, and ignores events that show nobody', async () => {
    const phone = socketOf('r1');
    stream.watch(phone, RESPONDER_STREAM);
    phone.push(ResponderEvent.DispatchCancelled, { dispatchId: 'd0' });
    phone.push(ResponderEvent.DispatchOffered, { dispatchId: 'd1', incidentId: 'i1' });
    await stream.flush();
    expect(records.map((r) => [r.action, r.entityType, r.details?.ids])).toEqual([['dispatch.stream', 'dispatch', ['d1']]]);
  });

  it('keeps what it could not write and writes it at the next flush', async () => {
    const socket = socketOf('u1');
    stream.watch(socket, CONSOLE_STREAM);
    socket.push(ConsoleEvent.IncidentCreated, view('i1'));
    failing = true;
    await stream.flush();
    expect(records).toEqual([]);
    failing = false;
    socket.push(ConsoleEvent.IncidentUpdated, view('i2'));
    await stream.flush();
    expect(records.map((r) => r.details?.ids)).toEqual([['i1', 'i2']]);
  });

  it('writes what is pending when the module stops', async () => {
    const socket = socketOf('u1');
    stream.watch(socket, CONSOLE_STREAM);
    socket.push(ConsoleEvent.IncidentCreated, view('i9'));
    await stream.onModuleDestroy();
    expect(records.map((r) => r.details?.ids)).toEqual([['i9']]);
  });
});
