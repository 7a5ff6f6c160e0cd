import { type DispatchOffered, ResponderEvent } from '@app/contracts';
import { type DispatchResident, type DispatchWorld, eventually, offerFor, startDispatchWorld } from '../support/dispatch-world';
import { getPriority } from 'node:os';
import { envOf, type SpawnedApp, spawnApp } from '../support/processes';

/**
 * The dispatcher killed (SIGKILL) while offers are pending, then started again: the offer
 * timers live in Redis (and the outbox), so every one still fires and the next responder is
 * offered, and nothing is offered or sent twice. The dispatcher runs as the BUILT app in a
 * child process (`npm test` builds first; run `npm run build` before running jest directly).
 */
const OFFER_S = 3;

describe('dispatch across a dispatcher restart', () => {
  let world: DispatchWorld;
  let dispatcher: SpawnedApp | undefined;

  beforeAll(async () => {
    world = await startDispatchWorld('dispatchrestart', { DISPATCH_OFFER_TIMEOUT_S: String(OFFER_S), ACK_TIMEOUT_S: '600' }, { dispatcher: false });
  });

  afterAll(async () => {
    await dispatcher?.kill('SIGTERM');
    await world?.close();
  });

  it('still times out every pending offer and offers the next responder, once each', async () => {
    // As deployed: intake first when CPU runs short, the dispatcher's JavaScript thread runs
    // nicer (DISPATCHER_NICENESS, 10 by default; the suites' environment sets 0).
    const { DISPATCHER_NICENESS: _suites, ...deployed } = envOf(world.config);
    dispatcher = await spawnApp('dispatcher', deployed);
    expect(getPriority(dispatcher.pid)).toBe(10);
    const residents: DispatchResident[] = [];
    for (let i = 0; i < 3; i++) residents.push(await world.resident());
    const incidents = await Promise.all(residents.map((r) => world.press(r)));
    const firstOffers = await Promise.all(residents.map((r, i) => offerFor(r.carer, incidents[i]!)));
    // Killed while the offers are pending, not between a socket write and the commit of its
    // notification row (that row would be rolled back, and a timed-out offer is not notified again).
    await eventually(
      async () => {
        const { rows } = await world.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM notifications WHERE status = 'sent' AND dispatch_id = ANY($1::uuid[])`,
          [firstOffers.map((o) => o.dispatchId)],
        );
        return rows[0]!.n === firstOffers.length;
      },
      10_000,
      'the first offers notified',
    );

    const killed = await dispatcher.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    // Down for a while, but less than the offers last: their timers come due while it restarts or soon after.
    await new Promise((r) => setTimeout(r, 1000));
    dispatcher = await spawnApp('dispatcher', { ...envOf(world.config), DISPATCHER_NICENESS: '4' });
    expect(getPriority(dispatcher.pid)).toBe(4);

    const secondOffers = await Promise.all(residents.map((r, i) => offerFor(r.cadre, incidents[i]!, OFFER_S * 1000 + 10_000)));
    expect(secondOffers.map((o) => o.role)).toEqual(['cadre', 'cadre', 'cadre']);
    for (const offer of firstOffers) {
      const { rows } = await world.db.query('SELECT status FROM dispatches WHERE id = $1', [offer.dispatchId]);
      expect(rows).toEqual([{ status: 'timed_out' }]);
    }

    // Let the second offers time out too under the restarted dispatcher, and the doctors be asked.
    await Promise.all(residents.map((r, i) => offerFor(r.doctor, incidents[i]!, OFFER_S * 1000 + 5000)));
    await new Promise((r) => setTimeout(r, 300));

    const perResponder = await world.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dispatches WHERE incident_id = ANY($1::uuid[]) GROUP BY incident_id, responder_id`,
      [incidents],
    );
    expect(perResponder.rows.map((r) => r.n)).toEqual(Array(9).fill(1));
    // A notification row commits just after its socket write: polled, not waited for.
    const perChannel = await eventually(
      async () => {
        const result = await world.db.query<{ n: number; status: string }>(
          `SELECT count(*)::int AS n, min(n.status) AS status FROM notifications n JOIN dispatches d ON d.id = n.dispatch_id
         WHERE d.incident_id = ANY($1::uuid[]) GROUP BY n.dispatch_id, n.channel`,
          [incidents],
        );
        return result.rows.length >= 9 && result.rows.every((r) => r.status === 'sent') ? result : undefined;
      },
      10_000,
      'every notification sent',
    );
    expect(perChannel.rows).toEqual(Array(9).fill({ n: 1, status: 'sent' }));
    const offered = residents.flatMap((r) => [r.carer, r.cadre, r.doctor]).flatMap((p) => p.socket.all<DispatchOffered>(ResponderEvent.DispatchOffered));
    const perDispatch = new Map<string, number>();
    for (const offer of offered) perDispatch.set(offer.dispatchId, (perDispatch.get(offer.dispatchId) ?? 0) + 1);
    expect(perDispatch.size).toBe(9);
    expect([...perDispatch.values()]).toEqual(Array(9).fill(1));

    // The restarted process reports how late the timers that came due while it was down fired.
    const metrics = await eventually(() => fetch(`${dispatcher!.url}/metrics`).then((r) => r.text()), 2000);
    expect(metrics).toMatch(/heartkey_timer_lateness_seconds_count\{job="offer-timeout"\} [1-9]/);
    const sum = Number(/heartkey_timer_lateness_seconds_sum\{job="offer-timeout"\} ([0-9.e-]+)/.exec(metrics)?.[1]);
    const count = Number(/heartkey_timer_lateness_seconds_count\{job="offer-timeout"\} ([0-9.e-]+)/.exec(metrics)?.[1]);
    // For the record (machine-dependent, not asserted).
    console.log(`offer-timeout lateness after the restart: ${((sum / count) * 1000).toFixed(1)} ms mean over ${count}`);
  });
});
