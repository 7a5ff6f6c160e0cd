import { type Dispatch, type IncidentView, JobName, Queue, ResponderEvent, type ResponderDispatch } from '@app/contracts';
import { DispatchesRepository, IncidentsRepository } from '@app/incidents';
import { bullPrefix } from '@app/queues';
import { createRedis } from '@app/redis';
import { Queue as BullQueue } from 'bullmq';
import { type DispatchWorld, eventually, offerFor, startDispatchWorld, updateOf } from '../support/dispatch-world';

/**
 * The care-team cascade through the public interface: handset presses on
 * ingest, offers on `/responders`, answers over REST, the incident on `/console`. Timers are
 * short here: an offer lasts 1.5 s and an operator has 2.5 s to acknowledge.
 */
const OFFER_S = 1.5;
const ACK_S = 2.5;

describe('dispatch cascade', () => {
  let world: DispatchWorld;

  beforeAll(async () => {
    world = await startDispatchWorld('dispatchcascade', { DISPATCH_OFFER_TIMEOUT_S: String(OFFER_S), ACK_TIMEOUT_S: String(ACK_S) });
  });

  afterAll(async () => {
    await world?.close();
  });

  const acknowledge = async (incidentId: string) => {
    const res = await world.client.post(`/v1/incidents/${incidentId}/acknowledge`, undefined, world.operatorToken);
    expect(res.status).toBe(200);
  };
  const answer = (dispatchId: string, action: string, token: string) => world.client.post(`/v1/dispatches/${dispatchId}/${action}`, undefined, token);

  it('offers to the carer with what a carer needs at the door; accept, arrive and complete move the incident', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);

    const offer = await offerFor(resident.carer, incidentId);
    expect(offer).toMatchObject({
      incidentId,
      role: 'carer',
      resident: {
        fullName: resident.fullName,
        address: 'Building 3, Unit 2, Room 501, Lanshan Road 18',
        accessNotes: 'Key safe by the door, code 4711. Small dog, friendly.',
        allergies: ['penicillin'],
        medicalHistory: ['hypertension', 'type 2 diabetes', 'hip replacement (2019)'],
        phone: '+86 539 812 3456',
      },
    });
    expect(offer.resident.age).toBeGreaterThanOrEqual(84);
    expect(Date.parse(offer.expiresAt) - Date.now()).toBeGreaterThan(0);
    // Only what is needed at the door: no medications, contacts, date of birth or living situation.
    expect(Object.keys(offer.resident).sort()).toEqual(['accessNotes', 'address', 'age', 'allergies', 'fullName', 'medicalHistory', 'phone']);

    const mine = await world.client.get('/v1/dispatches/mine', resident.carer.token);
    expect(mine.status).toBe(200);
    expect((mine.body as ResponderDispatch[]).map((d) => d.id)).toEqual([offer.dispatchId]);
    expect((mine.body as ResponderDispatch[])[0]).toMatchObject({
      incidentId,
      status: 'offered',
      role: 'carer',
      expiresAt: offer.expiresAt,
      resident: offer.resident,
    });

    const dispatched = updateOf(world, incidentId, (v) => v.status === 'dispatched');
    const accepted = await answer(offer.dispatchId, 'accept', resident.carer.token);
    expect(accepted.status).toBe(200);
    expect(accepted.body as Dispatch).toMatchObject({ id: offer.dispatchId, incidentId, status: 'accepted', responder: { id: resident.carer.id } });
    expect((await dispatched).dispatches).toEqual([expect.objectContaining({ id: offer.dispatchId, status: 'accepted' })]);

    const onScene = updateOf(world, incidentId, (v) => v.status === 'on_scene');
    expect((await answer(offer.dispatchId, 'arrive', resident.carer.token)).body).toMatchObject({ status: 'arrived' });
    await onScene;
    expect((await answer(offer.dispatchId, 'complete', resident.carer.token)).body).toMatchObject({ status: 'completed' });

    // Accepted in time: the offer's timer does nothing, nobody else is asked.
    await new Promise((r) => setTimeout(r, OFFER_S * 1000 + 300));
    const incident = await world.incident(incidentId);
    expect(incident.dispatches.map((d) => d.status)).toEqual(['completed']);
    expect(incident.escalated).toBe(false);
    expect(incident.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['offered', 'dispatch_accepted', 'responder_arrived', 'dispatch_completed']));
    expect((await world.client.get('/v1/dispatches/mine', resident.carer.token)).body).toEqual([]);
  });

  it('without an answer offers to the cadre, then the doctor, then escalates (cascade_exhausted)', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);

    const carerOffer = await offerFor(resident.carer, incidentId);
    const cadreOffer = await offerFor(resident.cadre, incidentId, OFFER_S * 1000 + 3000);
    const carerExpiry = Date.parse(carerOffer.expiresAt);
    expect(cadreOffer.role).toBe('cadre');
    const doctorOffer = await offerFor(resident.doctor, incidentId, OFFER_S * 1000 + 3000);
    expect(doctorOffer.role).toBe('doctor');
    expect(Date.parse(doctorOffer.expiresAt)).toBeGreaterThan(carerExpiry);

    const escalated = await updateOf(world, incidentId, (v) => v.escalated, OFFER_S * 1000 + 3000);
    expect(escalated).toMatchObject({ escalated: true, escalationReason: 'cascade_exhausted' });
    expect(escalated.dispatches.map((d) => [d.responder.role, d.status])).toEqual([
      ['carer', 'timed_out'],
      ['cadre', 'timed_out'],
      ['doctor', 'timed_out'],
    ]);
    const { timeline } = await world.incident(incidentId);
    expect(timeline.filter((e) => e.kind === 'offer_timed_out')).toHaveLength(3);
    expect(timeline.find((e) => e.kind === 'escalated')?.data).toEqual({ reason: 'cascade_exhausted' });
  });

  it('looks again on a press once every offer has ended (a carer added since gets the job), and not on a press while an offer waits', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);
    for (const member of [resident.carer, resident.cadre, resident.doctor]) {
      const offer = await offerFor(member, incidentId);
      expect((await answer(offer.dispatchId, 'decline', member.token)).status).toBe(200);
    }
    await updateOf(world, incidentId, (v) => v.escalated && v.escalationReason === 'cascade_exhausted');

    // The resident's carer changes; the resident presses again.
    const newCarer = await world.responder('carer');
    await world.client
      .put(
        `/v1/residents/${resident.residentId}/care-team`,
        { carerId: newCarer.id, cadreId: resident.cadre.id, doctorId: resident.doctor.id },
        world.adminToken,
      )
      .expect(200);
    expect(await world.press(resident)).toBe(incidentId);
    const offer = await offerFor(newCarer, incidentId);

    // While that offer waits, another press is on the incident but asks nothing of the dispatcher.
    const pressedJobs = async () =>
      Number(
        (await world.db.query(`SELECT count(*) AS n FROM outbox WHERE incident_id = $1 AND job_name = $2`, [incidentId, JobName.IncidentPressed])).rows[0].n,
      );
    const asked = await pressedJobs();
    expect(await world.press(resident)).toBe(incidentId);
    await updateOf(world, incidentId, (v) => v.pressCount === 3);
    expect(await pressedJobs()).toBe(asked);
    expect((await world.incident(incidentId)).dispatches.filter((d) => d.status === 'offered').map((d) => d.id)).toEqual([offer.dispatchId]);
    await world.client.post(`/v1/incidents/${incidentId}/cancel`, {}, world.operatorToken).expect(200);
  });

  it('offers a fall to the doctor first', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident, 'fall');
    await acknowledge(incidentId);
    expect(await offerFor(resident.doctor, incidentId)).toMatchObject({ role: 'doctor' });
    expect(resident.carer.socket.all(ResponderEvent.DispatchOffered, (o: { incidentId: string }) => o.incidentId === incidentId)).toEqual([]);
    await world.client.post(`/v1/incidents/${incidentId}/cancel`, {}, world.operatorToken).expect(200);
  });

  it('moves on at once after a decline, and refuses to accept what was declined', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);
    const offer = await offerFor(resident.carer, incidentId);

    const declinedAt = Date.now();
    expect((await answer(offer.dispatchId, 'decline', resident.carer.token)).body).toMatchObject({ status: 'declined' });
    await offerFor(resident.cadre, incidentId, 1000);
    expect(Date.now() - declinedAt).toBeLessThan((OFFER_S * 1000) / 2);

    const late = await answer(offer.dispatchId, 'accept', resident.carer.token);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    await world.client.post(`/v1/incidents/${incidentId}/cancel`, {}, world.operatorToken).expect(200);
  });

  it("does not let a responder see or answer someone else's offer (403), nor an unknown one (404)", async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);
    const offer = await offerFor(resident.carer, incidentId);

    const theirs = await world.client.get('/v1/dispatches/mine', resident.cadre.token);
    expect((theirs.body as ResponderDispatch[]).some((d) => d.id === offer.dispatchId)).toBe(false);
    for (const action of ['accept', 'decline', 'arrive', 'complete']) {
      const res = await answer(offer.dispatchId, action, resident.cadre.token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
    expect((await answer('00000000-0000-4000-8000-000000000000', 'accept', resident.cadre.token)).status).toBe(404);
    // Operators do not answer offers, and responders do not offer.
    expect((await answer(offer.dispatchId, 'accept', world.operatorToken)).status).toBe(403);
    expect((await world.client.post(`/v1/incidents/${incidentId}/dispatches`, { responderId: resident.cadre.id }, resident.carer.token)).status).toBe(403);
    await world.client.post(`/v1/incidents/${incidentId}/cancel`, {}, world.operatorToken).expect(200);
  });

  it('lets exactly one of two simultaneous accepts win', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);
    const offer = await offerFor(resident.carer, incidentId);
    const results = await Promise.all([answer(offer.dispatchId, 'accept', resident.carer.token), answer(offer.dispatchId, 'accept', resident.carer.token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const { timeline } = await world.incident(incidentId);
    expect(timeline.filter((e) => e.kind === 'dispatch_accepted')).toHaveLength(1);
    await world.client.post(`/v1/incidents/${incidentId}/resolve`, { outcome: 'assisted' }, world.operatorToken).expect(200);
  });

  it('refuses to accept an offer whose time ran out before its timeout job ran (409)', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);
    const offer = await offerFor(resident.carer, incidentId);
    // Make the offer look expired in the database; its timer is still ahead.
    await world.db.query(`UPDATE dispatches SET expires_at = now() - interval '1 second' WHERE id = $1`, [offer.dispatchId]);
    const res = await answer(offer.dispatchId, 'accept', resident.carer.token);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ message: 'the offer has expired' });
    await world.client.post(`/v1/incidents/${incidentId}/cancel`, {}, world.operatorToken).expect(200);
  });

  it('cancels the open offer when the incident is resolved, and tells the responder', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);
    const offer = await offerFor(resident.carer, incidentId);

    const resolved = await world.client.post(`/v1/incidents/${incidentId}/resolve`, { outcome: 'false_alarm' }, world.operatorToken);
    expect(resolved.status).toBe(200);
    expect((resolved.body as IncidentView).dispatches).toEqual([expect.objectContaining({ id: offer.dispatchId, status: 'cancelled' })]);
    await resident.carer.socket.next(ResponderEvent.DispatchCancelled, (c: { dispatchId: string }) => c.dispatchId === offer.dispatchId);
    expect((await answer(offer.dispatchId, 'accept', resident.carer.token)).status).toBe(409);

    // The offer's timer fires into a closed incident and does nothing.
    await new Promise((r) => setTimeout(r, OFFER_S * 1000 + 300));
    expect(resident.cadre.socket.all(ResponderEvent.DispatchOffered, (o: { incidentId: string }) => o.incidentId === incidentId)).toEqual([]);
  });

  it('escalates at once when a job of the incident fails for good before its attempts run out (invalid data: job_failed)', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);
    // A job no handler may run (its payload lacks the outbox id): BullMQ fails it without retrying.
    const connection = createRedis(world.env.redisUrl, 'worker');
    const queue = new BullQueue(Queue.Dispatch, { connection, prefix: bullPrefix(world.env.redisPrefix) });
    try {
      await queue.add(JobName.IncidentPressed, { incidentId }, { attempts: 8 });
      const escalated = await updateOf(world, incidentId, (v) => v.escalated, 5000);
      expect(escalated.escalationReason).toBe('job_failed');
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('escalates an incident nobody acknowledged in time (not_acknowledged); acknowledging in time prevents it', async () => {
    const ignored = await world.resident();
    const handled = await world.resident();
    const ignoredId = await world.press(ignored);
    const handledId = await world.press(handled);
    await acknowledge(handledId);

    const escalated = await updateOf(world, ignoredId, (v) => v.escalated, ACK_S * 1000 + 3000);
    expect(escalated.escalationReason).toBe('not_acknowledged');
    const { timeline } = await world.incident(ignoredId);
    expect(timeline.filter((e) => e.kind === 'escalated').map((e) => e.data)).toEqual([{ reason: 'not_acknowledged' }]);

    // The handled incident's acknowledgement timer (started a moment later) has fired by now too.
    await new Promise((r) => setTimeout(r, 500));
    expect((await world.incident(handledId)).escalated).toBe(false);
    for (const id of [ignoredId, handledId]) await world.client.post(`/v1/incidents/${id}/cancel`, {}, world.operatorToken).expect(200);
  });

  it('lets an operator offer by hand to a volunteer; that offer times out without moving the cascade', async () => {
    const resident = await world.resident();
    const volunteer = await world.responder('volunteer');
    const incidentId = await world.press(resident);
    await acknowledge(incidentId);
    const carerOffer = await offerFor(resident.carer, incidentId);
    expect((await answer(carerOffer.dispatchId, 'accept', resident.carer.token)).status).toBe(200);

    const manual = await world.client.post(`/v1/incidents/${incidentId}/dispatches`, { responderId: volunteer.id }, world.operatorToken);
    expect(manual.status).toBe(201);
    expect(manual.body as Dispatch).toMatchObject({
      incidentId,
      status: 'offered',
      manual: true,
      role: 'volunteer',
      responder: { id: volunteer.id, role: 'volunteer' },
    });
    const offer = await offerFor(volunteer, incidentId);
    expect(offer).toMatchObject({ dispatchId: (manual.body as Dispatch).id, role: 'volunteer' });

    await eventually(
      async () => (await world.incident(incidentId)).dispatches.find((d) => d.id === offer.dispatchId)?.status === 'timed_out',
      OFFER_S * 1000 + 3000,
      'manual offer timed out',
    );
    await new Promise((r) => setTimeout(r, 300));
    const incident = await world.incident(incidentId);
    expect(incident.dispatches.map((d) => [d.responder.id, d.status])).toEqual([
      [resident.carer.id, 'accepted'],
      [volunteer.id, 'timed_out'],
    ]);
    expect(resident.cadre.socket.all(ResponderEvent.DispatchOffered)).toEqual([]);

    // Unknown responders and closed incidents are refused.
    expect(
      (await world.client.post(`/v1/incidents/${incidentId}/dispatches`, { responderId: '00000000-0000-4000-8000-000000000000' }, world.operatorToken)).status,
    ).toBe(404);
    await world.client.post(`/v1/incidents/${incidentId}/resolve`, { outcome: 'assisted' }, world.operatorToken).expect(200);
    expect((await world.client.post(`/v1/incidents/${incidentId}/dispatches`, { responderId: volunteer.id }, world.operatorToken)).status).toBe(409);
  });

  it('starts incidents opened together in one transaction: each gets its acknowledgement timer and exactly one first offer', async () => {
    const repository = world.dispatcher!.get(IncidentsRepository, { strict: false });
    const locks = jest.spyOn(repository, 'lockMany');
    try {
      const residents = await Promise.all(Array.from({ length: 12 }, () => world.resident()));
      const incidentIds = await Promise.all(residents.map((r) => world.press(r)));
      const offers = await Promise.all(residents.map((r, i) => offerFor(r.carer, incidentIds[i]!)));
      expect(offers.map((o) => o.role)).toEqual(residents.map(() => 'carer'));
      // Twelve openings at once took fewer lock statements than incidents: some went together.
      expect(Math.max(...locks.mock.calls.map(([, ids]) => ids.length))).toBeGreaterThan(1);
      const { rows } = await world.db.query<{ incident_id: string; offers: number; timers: number }>(
        `SELECT i.id AS incident_id,
                (SELECT count(*)::int FROM dispatches d WHERE d.incident_id = i.id) AS offers,
                (SELECT count(*)::int FROM outbox o WHERE o.incident_id = i.id AND o.job_name = 'ack-timeout') AS timers
         FROM incidents i WHERE i.id = ANY($1::uuid[])`,
        [incidentIds],
      );
      expect(rows).toHaveLength(12);
      for (const row of rows) expect(row).toMatchObject({ offers: 1, timers: 1 });
      for (const id of incidentIds) await acknowledge(id);
    } finally {
      locks.mockRestore();
    }
  });

  it('times out offers due together in one transaction: each once, and each cascade moves on once', async () => {
    const repository = world.dispatcher!.get(DispatchesRepository, { strict: false });
    const locks = jest.spyOn(repository, 'lockMany');
    try {
      const residents = await Promise.all(Array.from({ length: 12 }, () => world.resident()));
      const incidentIds = await Promise.all(residents.map((r) => world.press(r)));
      for (const id of incidentIds) await acknowledge(id);
      await Promise.all(residents.map((r, i) => offerFor(r.carer, incidentIds[i]!)));
      // Nobody answers: the twelve carer offers run out within moments of each other.
      const cadreOffers = await Promise.all(residents.map((r, i) => offerFor(r.cadre, incidentIds[i]!, OFFER_S * 1000 + 5000)));
      expect(cadreOffers.map((o) => o.role)).toEqual(residents.map(() => 'cadre'));
      // Twelve timeouts took fewer dispatch lock statements than offers: some went together.
      expect(Math.max(...locks.mock.calls.map(([, ids]) => ids.length))).toBeGreaterThan(1);
      const { rows } = await world.db.query<{ timed_out: number; timeline: number; cadre: number }>(
        `SELECT (SELECT count(*)::int FROM dispatches d WHERE d.incident_id = i.id AND d.role = 'carer' AND d.status = 'timed_out') AS timed_out,
                (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = i.id AND e.kind = 'offer_timed_out') AS timeline,
                (SELECT count(*)::int FROM dispatches d WHERE d.incident_id = i.id AND d.role = 'cadre') AS cadre
         FROM incidents i WHERE i.id = ANY($1::uuid[])`,
        [incidentIds],
      );
      expect(rows).toEqual(incidentIds.map(() => ({ timed_out: 1, timeline: 1, cadre: 1 })));
      for (const id of incidentIds) await world.client.post(`/v1/incidents/${id}/resolve`, { outcome: 'assisted' }, world.operatorToken).expect(200);
    } finally {
      locks.mockRestore();
    }
  });

  it('measures press→offer, offer→accept and timer lateness', async () => {
    const metrics = await world.client.get('/metrics');
    expect(metrics.text).toMatch(/heartkey_offer_to_accept_seconds_count \d+/);
    expect(metrics.text).toMatch(/heartkey_open_to_acknowledge_seconds_count \d+/);
    const dispatcherMetrics = await fetch(`${(await world.dispatcher!.getUrl()).replace('[::1]', '127.0.0.1')}/metrics`).then((r) => r.text());
    expect(dispatcherMetrics).toMatch(/heartkey_press_to_offer_seconds_count [1-9]/);
    expect(dispatcherMetrics).toMatch(/heartkey_timer_lateness_seconds_count\{job="offer-timeout"\} [1-9]/);
    expect(dispatcherMetrics).toMatch(/heartkey_escalations_total\{reason="cascade_exhausted"\} [1-9]/);
    const figure = (text: string, name: string) => {
      const sum = Number(new RegExp(`${name}_sum(?:\\{[^}]*\\})? ([0-9.e-]+)`).exec(text)?.[1]);
      const count = Number(new RegExp(`${name}_count(?:\\{[^}]*\\})? ([0-9.e-]+)`).exec(text)?.[1]);
      return `${((sum / count) * 1000).toFixed(1)} ms mean over ${count}`;
    };
    // Reported for the record (the suite's log), not asserted: they depend on the machine.
    console.log(
      `press→offer ${figure(dispatcherMetrics, 'heartkey_press_to_offer_seconds')}; ` +
        `offer-timeout lateness ${figure(dispatcherMetrics, 'heartkey_timer_lateness_seconds')}`,
    );
  });
});
