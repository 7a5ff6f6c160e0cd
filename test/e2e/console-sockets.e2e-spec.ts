import {
  ConsoleEvent,
  type IncidentSnapshot,
  type IncidentView,
  Namespace,
  ResponderEvent,
  SocketEvent,
  TOO_MANY_CONNECTIONS,
  UNAUTHORIZED,
} from '@app/contracts';
import { IncidentViews } from '@app/database';
import { type EndedOffer, LivePublisher, socketIoKey } from '@app/live';
import { createRedis } from '@app/redis';
import { JwtService } from '@nestjs/jwt';
import type IORedis from 'ioredis';
import { Client } from 'pg';
import { Manager, type Socket } from 'socket.io-client';
import { INVALID_NAMESPACE, MAX_CLIENT_MESSAGE_BYTES } from '../../apps/console/src/live/redis-io.adapter';
import { SocketIoRedis } from '../../apps/console/src/live/socket-io-redis';
import {
  connectConsole,
  connectConsoleWithSnapshot,
  ConsoleClient,
  connectSocket,
  insertIncident,
  insertResidentWithDevice,
  nextEvent,
  noEvent,
  type RunningConsole,
  startConsole,
} from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

describe('console sockets', () => {
  let env: SuiteEnvironment;
  let first: RunningConsole;
  let second: RunningConsole;
  let api: ConsoleClient;
  let db: Client;
  let redis: IORedis;
  let publisher: LivePublisher;
  let admin: string;
  let operator: string;
  let responderToken: string;
  let responderId: string;
  const sockets: Socket[] = [];

  const track = (socket: Socket): Socket => (sockets.push(socket), socket);
  const passwordOf = (username: string) => `pw-${username}-0123456789`;
  const newOperator = (username: string) => api.userToken(admin, { username, role: 'operator' });
  const newIncident = async (name: string) => insertIncident(db, await insertResidentWithDevice(db, name));
  /** The view exactly as the other processes build it (the database lib's read model). */
  const viewOf = async (incidentId: string): Promise<IncidentView> => {
    const views = new IncidentViews({ query: async <T>(sql: string, params?: unknown[]) => (await db.query(sql, params)).rows as T });
    return (await views.byId(incidentId))!;
  };

  beforeAll(async () => {
    env = await createSuiteEnvironment('console-sockets');
    // Two instances behind one (imaginary) load balancer, sharing the suite's Redis prefix.
    first = await startConsole(env.config);
    second = await startConsole(env.config);
    api = new ConsoleClient(first.url);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    // Another process's publisher, on its own Redis connection (as ingest and the dispatcher emit).
    redis = createRedis(env.redisUrl, 'publisher');
    publisher = new LivePublisher(redis, socketIoKey(env.redisPrefix));
    admin = await api.login('admin', 'admin-password-1');
    operator = await api.userToken(admin, { username: 'op.dana', role: 'operator' });
    const responder = await api.post('/v1/responders', { fullName: 'Carer Chen', role: 'carer', phone: '+86 138 0000 0001' }, admin).expect(201);
    responderId = responder.body.id;
    responderToken = await api.userToken(admin, { username: 'carer.chen', role: 'responder', responderId });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    redis?.disconnect();
    await db?.end();
    await first?.app.close();
    await second?.app.close();
    await env?.destroy();
  });

  describe('handshake', () => {
    const refusedWith = async (token?: string, namespace: string = Namespace.Console) => {
      const error = await connectSocket(first.url, namespace, token).then(
        (socket) => (socket.close(), undefined),
        (e: Error) => e,
      );
      return error?.message;
    };

    it('refuses a missing, garbage, forged or expired token with "unauthorized"', async () => {
      expect(await refusedWith(undefined)).toBe(UNAUTHORIZED);
      expect(await refusedWith('garbage')).toBe(UNAUTHORIZED);
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'op.dana'`);
      const claims = { sub: rows[0]!.id, username: 'op.dana', role: 'operator', tv: 0 };
      const forged = await new JwtService({ secret: 'x'.repeat(40) }).signAsync(claims);
      expect(await refusedWith(forged)).toBe(UNAUTHORIZED);
      const expired = await new JwtService({ secret: env.config.JWT_SECRET }).signAsync({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 });
      expect(await refusedWith(expired)).toBe(UNAUTHORIZED);
      // The same claims, unexpired, are accepted: only the expiry refused the one above.
      const fresh = await new JwtService({ secret: env.config.JWT_SECRET }).signAsync(claims, { expiresIn: 60 });
      expect(await refusedWith(fresh)).toBeUndefined();
    });

    it('refuses a responder token on /console and an operator token on /responders', async () => {
      expect(await refusedWith(responderToken, Namespace.Console)).toBe(UNAUTHORIZED);
      expect(await refusedWith(operator, Namespace.Responders)).toBe(UNAUTHORIZED);
      expect(await refusedWith(undefined, Namespace.Responders)).toBe(UNAUTHORIZED);
    });

    it('refuses a revoked token (its user token version moved on), on sockets and REST alike', async () => {
      const revoked = await api.userToken(admin, { username: 'op.gone', role: 'operator' });
      await api.get('/v1/incidents', revoked).expect(200);
      await db.query(`UPDATE users SET token_version = token_version + 1 WHERE username = 'op.gone'`);
      await api.get('/v1/incidents', revoked).expect(401);
      expect(await refusedWith(revoked)).toBe(UNAUTHORIZED);
    });
  });

  describe('/console', () => {
    let liveIncident: string;

    beforeAll(async () => {
      liveIncident = await newIncident('Snapshot Resident');
      const closed = await newIncident('Closed Resident');
      await db.query(`UPDATE incidents SET status = 'resolved', outcome = 'assisted', resolved_at = now() WHERE id = $1`, [closed]);
    });

    it('sends the live incidents on connection', async () => {
      const { socket, snapshot } = await connectConsoleWithSnapshot(first.url, operator);
      track(socket);
      const received = await snapshot;
      expect(Date.parse(received.at)).toBeGreaterThan(Date.now() - 10_000);
      expect(received.items.map((i) => i.id)).toEqual([liveIncident]);
      expect(received.items[0]).toMatchObject({ status: 'open', resident: { fullName: 'Snapshot Resident', age: expect.any(Number) } });
    });

    it('pushes incident.updated after an acknowledge over REST, to sockets on every instance', async () => {
      const onFirst = track(await connectConsole(first.url, operator));
      const onSecond = track(await connectConsole(second.url, operator));
      const isAck = (v: IncidentView) => v.id === liveIncident && v.status === 'acknowledged';
      const updates = [
        nextEvent<IncidentView>(onFirst, ConsoleEvent.IncidentUpdated, isAck),
        nextEvent<IncidentView>(onSecond, ConsoleEvent.IncidentUpdated, isAck),
      ];
      // The change is made on the second instance; the first hears it through Redis.
      await new ConsoleClient(second.url).post(`/v1/incidents/${liveIncident}/acknowledge`, undefined, operator).expect(200);
      for (const view of await Promise.all(updates)) {
        expect(view).toMatchObject({ status: 'acknowledged', acknowledgedBy: { username: 'op.dana' }, version: 2 });
      }
    });

    it('delivers incident.created emitted by another process to sockets on both instances', async () => {
      const onFirst = track(await connectConsole(first.url, operator));
      const onSecond = track(await connectConsole(second.url, operator));
      const incidentId = await newIncident('Created Resident');
      const view = await viewOf(incidentId);
      const isIt = (v: IncidentView) => v.id === incidentId;
      const created = [
        nextEvent<IncidentView>(onFirst, ConsoleEvent.IncidentCreated, isIt),
        nextEvent<IncidentView>(onSecond, ConsoleEvent.IncidentCreated, isIt),
      ];
      await publisher.incident(view, true);
      for (const received of await Promise.all(created)) expect(received).toEqual(view);
    });

    it('sends a fresh snapshot to its operators when its Redis subscription comes back', async () => {
      const { socket, snapshot: onConnect } = await connectConsoleWithSnapshot(first.url, operator);
      track(socket);
      await onConnect;
      const subscriber = first.app.get(SocketIoRedis).subscriber;
      const resync = nextEvent<IncidentSnapshot>(socket, ConsoleEvent.IncidentSnapshot, () => true, 8000);
      // Drop the adapter's subscriber connection as a network failure would; ioredis reconnects.
      subscriber.stream.destroy();
      const snapshot = await resync;
      expect(subscriber.status).toBe('ready');
      expect(snapshot.items.map((i) => i.id)).toContain(liveIncident);
      // And broadcasts flow again through the restored subscription.
      const incidentId = await newIncident('After Outage');
      const arrived = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentCreated, (v) => v.id === incidentId);
      await publisher.incident(await viewOf(incidentId), true);
      await arrived;
    });
  });

  describe('/responders', () => {
    it('accepts a responder token and delivers only that responder’s offers', async () => {
      const socket = track(await connectSocket(second.url, Namespace.Responders, responderToken));
      const offer = {
        dispatchId: '11111111-1111-4111-8111-111111111111',
        incidentId: '22222222-2222-4222-8222-222222222222',
        role: 'carer',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
        resident: { fullName: 'Someone', age: 80, address: 'Somewhere', medicalHistory: [], allergies: [] },
      };
      const arrived = nextEvent(socket, ResponderEvent.DispatchOffered);
      await publisher.dispatchOffered(responderId, offer);
      expect(await arrived).toEqual(offer);
      const notMine = noEvent(socket, ResponderEvent.DispatchOffered, 500);
      await publisher.dispatchOffered('33333333-3333-4333-8333-333333333333', { ...offer, dispatchId: '44444444-4444-4444-8444-444444444444' });
      await notMine;

      // A batch of offers (the notifier's): each reaches its own responder, and each is told it went out.
      const mine = { ...offer, dispatchId: '55555555-5555-4555-8555-555555555555' };
      const batchArrived = nextEvent(socket, ResponderEvent.DispatchOffered, (o: { dispatchId: string }) => o.dispatchId === mine.dispatchId);
      const outcomes = await publisher.dispatchesOffered([
        { responderId: '33333333-3333-4333-8333-333333333333', offer: { ...offer, dispatchId: '66666666-6666-4666-8666-666666666666' } },
        { responderId, offer: mine },
      ]);
      expect(outcomes).toEqual([undefined, undefined]);
      expect(await batchArrived).toEqual(mine);

      // Offers that ended together (a batch of timeouts, an operator's voiding): each responder hears of its own only.
      const someoneElse = '33333333-3333-4333-8333-333333333333';
      for (const [event, publish] of [
        [ResponderEvent.DispatchTimedOut, (ended: EndedOffer[]) => publisher.dispatchesTimedOut(ended)],
        [ResponderEvent.DispatchCancelled, (ended: EndedOffer[]) => publisher.dispatchesCancelled(ended)],
      ] as const) {
        const heard: string[] = [];
        const listener = (ended: { dispatchId: string }) => heard.push(ended.dispatchId);
        socket.on(event, listener);
        const minesEnded = nextEvent(socket, event, (e: { dispatchId: string }) => e.dispatchId === mine.dispatchId);
        await publish([
          { responderId: someoneElse, dispatchId: '66666666-6666-4666-8666-666666666666' },
          { responderId, dispatchId: mine.dispatchId },
        ]);
        await minesEnded;
        await publish([{ responderId: someoneElse, dispatchId: '77777777-7777-4777-8777-777777777777' }]);
        await noEvent(socket, event, 300);
        socket.off(event, listener);
        expect(heard).toEqual([mine.dispatchId]);
      }
    });
  });

  describe('what one client may do', () => {
    it('refuses the default namespace "/" and closes the connection that asked for it', async () => {
      await expect(connectSocket(first.url, '/', operator)).rejects.toThrow(INVALID_NAMESPACE);
      // On a connection that also holds a /console socket (so the client would keep it open), the server closes it.
      const manager = new Manager(first.url, { transports: ['websocket'], reconnection: false, forceNew: true });
      const onConsole = track(manager.socket(Namespace.Console, { auth: { token: operator } }));
      await nextEvent(onConsole, 'connect');
      const closed = closedWithin(onConsole, 3000);
      const root = track(manager.socket('/'));
      expect((await nextEvent<Error>(root, 'connect_error')).message).toBe(INVALID_NAMESPACE);
      expect(await closed).toBe('transport close');
    });

    it('closes a socket that sends an oversized message, and no other', async () => {
      const token = await newOperator('op.big');
      const big = track(await connectConsole(first.url, token));
      const neighbour = track(await connectConsole(first.url, token));
      const closed = closedWithin(big, 3000);
      big.emit('anything', 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES * 4));
      expect(await closed).toBe('transport close');
      // A small message is harmless, and the neighbour (same user, same instance) goes on receiving alarms.
      neighbour.emit('anything', 'x'.repeat(1000));
      await noEvent(neighbour, 'disconnect', 300);
      const incidentId = await newIncident('After Oversized');
      const arrived = nextEvent<IncidentView>(neighbour, ConsoleEvent.IncidentCreated, (v) => v.id === incidentId);
      await publisher.incident(await viewOf(incidentId), true);
      await arrived;
    });

    it('refuses a user more than MAX_SOCKETS_PER_USER (10) sockets across instances, and frees the slot of a closed one', async () => {
      const token = await newOperator('op.many');
      const attempts = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => connectConsole(i % 2 ? first.url : second.url, token)));
      const opened = attempts.flatMap((a) => (a.status === 'fulfilled' ? [track(a.value)] : []));
      const refusals = attempts.flatMap((a) => (a.status === 'rejected' ? [(a.reason as Error).message] : []));
      expect(opened).toHaveLength(10);
      expect(refusals).toEqual([TOO_MANY_CONNECTIONS, TOO_MANY_CONNECTIONS]);
      // Another user is not affected.
      track(await connectConsole(second.url, admin));
      // A closed socket gives its slot back (on whichever instance the next one lands), and only one.
      opened[0]!.close();
      track(await eventually(() => connectConsole(second.url, token)));
      await expect(connectConsole(first.url, token)).rejects.toThrow(TOO_MANY_CONNECTIONS);
    });

    it('serves a burst of connections with a couple of snapshot queries, and still audits every viewer', async () => {
      const token = await newOperator('op.burst');
      const incidentId = await newIncident('Burst Resident');
      const before = await snapshotQueries(first.url);
      const connections = await Promise.all(Array.from({ length: 10 }, () => connectConsoleWithSnapshot(first.url, token)));
      connections.forEach((c) => track(c.socket));
      for (const snapshot of await Promise.all(connections.map((c) => c.snapshot))) {
        expect(snapshot.items.map((i) => i.id)).toContain(incidentId);
      }
      expect((await snapshotQueries(first.url)) - before).toBeLessThanOrEqual(2);
      const audited = async () =>
        (await db.query<{ ids: string[] }>(`SELECT details->'ids' AS ids FROM audit_log WHERE actor_username = 'op.burst' AND action = 'incident.snapshot'`))
          .rows;
      const rows = await eventually(async () => {
        const found = await audited();
        if (found.length < 10) throw new Error(`${found.length} snapshot audit rows`);
        return found;
      });
      expect(rows).toHaveLength(10);
      for (const row of rows) expect(row.ids).toContain(incidentId);
    });
  });

  describe('sockets end with their session', () => {
    let shortLived: RunningConsole;

    beforeAll(async () => {
      // Another instance of the same system, issuing tokens that live 3 s.
      shortLived = await startConsole(env.configWith({ ACCESS_TOKEN_TTL_S: '3' }));
    });

    afterAll(async () => {
      await shortLived?.app.close();
    });

    it('closes sockets when their token expires (REST answers 401 by then); the client reconnects with a fresh token', async () => {
      const shortApi = new ConsoleClient(shortLived.url);
      const opToken = await shortApi.login('op.dana', passwordOf('op.dana'));
      const carerToken = await shortApi.login('carer.chen', passwordOf('carer.chen'));
      const onConsole = track(await connectConsole(first.url, opToken));
      const onResponders = track(await connectSocket(second.url, Namespace.Responders, carerToken));
      const expiries = [onConsole, onResponders].map((s) => nextEvent<{ expiredAt: string }>(s, SocketEvent.TokenExpired, () => true, 6000));
      const closings = [onConsole, onResponders].map((s) => closedWithin(s, 6000));
      await api.get('/v1/incidents', opToken).expect(200);

      expect(await Promise.all(closings)).toEqual(['io server disconnect', 'io server disconnect']);
      await api.get('/v1/incidents', opToken).expect(401);
      await api.get('/v1/dispatches/mine', carerToken).expect(401);
      for (const expired of await Promise.all(expiries)) expect(Date.parse(expired.expiredAt)).toBeLessThanOrEqual(Date.now());

      // As the web app does: the next handshake carries the renewed token, and the picture comes again.
      onConsole.auth = { token: operator };
      const snapshot = nextEvent<IncidentSnapshot>(onConsole, ConsoleEvent.IncidentSnapshot);
      onConsole.connect();
      await snapshot;
      expect(onConsole.connected).toBe(true);
    });

    it('LivePublisher.disconnectUser (what revoking or disabling a user calls) closes its sockets on every instance, frees its slots, spares others', async () => {
      const token = await newOperator('op.revoked');
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'op.revoked'`);
      const mine = await Promise.all(Array.from({ length: 10 }, (_, i) => connectConsole(i % 2 ? first.url : second.url, token)));
      mine.forEach(track);
      const bystander = track(await connectConsole(first.url, admin));
      const closings = mine.map((s) => closedWithin(s, 3000));
      await publisher.disconnectUser(rows[0]!.id);
      expect(new Set(await Promise.all(closings))).toEqual(new Set(['io server disconnect']));
      await noEvent(bystander, 'disconnect', 300);
      // Every slot was given back: the user (with a valid token) may open as many again.
      const again = await eventually(() => connectConsole(first.url, token));
      const more = await Promise.all(Array.from({ length: 9 }, () => connectConsole(second.url, token)));
      [again, ...more].forEach(track);
    });
  });
});

/** The reason of the socket's next disconnect, or a rejection after `timeoutMs`. */
function closedWithin(socket: Socket, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Retries `attempt` for up to 3 s: for what the server settles asynchronously (a slot given back, an audit row). */
async function eventually<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 3000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The console instance's count of snapshot queries, from its Prometheus metrics. */
async function snapshotQueries(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^heartkey_console_snapshot_queries_total (\d+)/m.exec(text);
  if (!match) throw new Error('heartkey_console_snapshot_queries_total is not exported');
  return Number(match[1]);
}
