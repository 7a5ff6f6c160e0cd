import { IncidentsRepository } from '@app/incidents';
import { type DispatchWorld, offerFor, startDispatchWorld, updateOf } from '../support/dispatch-world';

/**
 * Acknowledgement timers that run out together (a storm nobody can answer) escalate together:
 * through the public interface, with offers long enough that only the acknowledgement timers
 * fire while the test watches.
 */
const ACK_S = 2;

describe('acknowledgement timeouts', () => {
  let world: DispatchWorld;

  beforeAll(async () => {
    world = await startDispatchWorld('acktimeouts', { DISPATCH_OFFER_TIMEOUT_S: '120', ACK_TIMEOUT_S: String(ACK_S) });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('escalates incidents nobody acknowledged, due together, in shared transactions: each once; an acknowledged one not at all', async () => {
    const residents = await Promise.all(Array.from({ length: 13 }, () => world.resident()));
    const incidentIds = await Promise.all(residents.map((r) => world.press(r)));
    await Promise.all(residents.map((r, i) => offerFor(r.carer, incidentIds[i]!)));
    const [handled, ...ignored] = incidentIds;
    await world.client.post(`/v1/incidents/${handled}/acknowledge`, undefined, world.operatorToken).expect(200);

    // The openings are done: from here on, only the acknowledgement timers lock incidents.
    const repository = world.dispatcher!.get(IncidentsRepository, { strict: false });
    const locks = jest.spyOn(repository, 'lockMany');
    try {
      const escalated = await Promise.all(ignored.map((id) => updateOf(world, id!, (v) => v.escalated, ACK_S * 1000 + 5000)));
      expect(escalated.map((v) => v.escalationReason)).toEqual(ignored.map(() => 'not_acknowledged'));
      // Twelve timers took fewer lock statements than incidents: some went together.
      expect(Math.max(...locks.mock.calls.map(([, ids]) => ids.length))).toBeGreaterThan(1);
    } finally {
      locks.mockRestore();
    }
    const { rows } = await world.db.query<{ id: string; escalations: number; escalated: boolean }>(
      `SELECT i.id, i.escalated,
              (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = i.id AND e.kind = 'escalated') AS escalations
       FROM incidents i WHERE i.id = ANY($1::uuid[])`,
      [incidentIds],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ignored) expect(byId.get(id!)).toMatchObject({ escalated: true, escalations: 1 });
    expect(byId.get(handled!)).toMatchObject({ escalated: false, escalations: 0 });
  });
});
