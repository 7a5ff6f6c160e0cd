import type { ConflictError, Dispatch, DoorDetails, ValidationErrorBody } from '@app/contracts';
import { type DispatchWorld, eventually, offerFor, startDispatchWorld } from '../support/dispatch-world';

/**
 * What the night shift is told and what the responder's phone is given: every 409 has its own
 * reason (and the facts it names), a 400 lists its issues per field, a responder on the way
 * says so (en route), sees the door details once the job is taken, and completes with an outcome.
 */
describe('night shift words: conflict reasons, field issues, the responder at the door', () => {
  let world: DispatchWorld;

  beforeAll(async () => {
    // Offers last long enough that no timer runs during a test; expiry is made in SQL.
    world = await startDispatchWorld('nightwords', { DISPATCH_OFFER_TIMEOUT_S: '60', ACK_TIMEOUT_S: '120', CENTRE_PHONE: '+86 539 800 1234' });
  });

  afterAll(async () => {
    await world?.close();
  });

  const post = (path: string, body: object | undefined, token: string) => world.client.post(path, body, token);
  const conflictOf = (res: { status: number; body: unknown }): ConflictError => {
    expect(res.status).toBe(409);
    const body = res.body as ConflictError;
    // The contract's shape stays: statusCode, error, message.
    expect(body).toMatchObject({ statusCode: 409, error: 'Conflict', message: expect.any(String) });
    return body;
  };

  it('a second acknowledgement names who took the call', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await post(`/v1/incidents/${incidentId}/acknowledge`, undefined, world.operatorToken).expect(200);
    const other = await world.client.userToken(world.adminToken, { username: 'op.second', role: 'operator' });
    const body = conflictOf(await post(`/v1/incidents/${incidentId}/acknowledge`, undefined, other));
    expect(body).toMatchObject({ reason: 'already_acknowledged', by: expect.stringMatching(/^operator-/) });
  });

  it('offering to a responder who already holds an offer names them; a closed incident says it is closed', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await offerFor(resident.carer, incidentId);
    const held = conflictOf(await post(`/v1/incidents/${incidentId}/dispatches`, { responderId: resident.carer.id }, world.operatorToken));
    expect(held).toMatchObject({ reason: 'offer_already_held', by: resident.careTeam.carer!.fullName });

    await post(`/v1/incidents/${incidentId}/cancel`, {}, world.operatorToken).expect(200);
    expect(conflictOf(await post(`/v1/incidents/${incidentId}/notes`, { text: 'late' }, world.operatorToken))).toMatchObject({
      reason: 'incident_closed',
      status: 'cancelled',
    });
  });

  it('a late accept is offer_expired; answering a declined offer is dispatch_not_allowed', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    const volunteer = await world.responder();
    const offered = await post(`/v1/incidents/${incidentId}/dispatches`, { responderId: volunteer.id }, world.operatorToken).expect(201);
    const dispatchId = (offered.body as Dispatch).id;
    await world.db.query(`UPDATE dispatches SET expires_at = now() - interval '1 second' WHERE id = $1`, [dispatchId]);
    expect(conflictOf(await post(`/v1/dispatches/${dispatchId}/accept`, undefined, volunteer.token))).toMatchObject({ reason: 'offer_expired' });

    const carerOffer = await offerFor(resident.carer, incidentId);
    await post(`/v1/dispatches/${carerOffer.dispatchId}/decline`, undefined, resident.carer.token).expect(200);
    expect(conflictOf(await post(`/v1/dispatches/${carerOffer.dispatchId}/accept`, undefined, resident.carer.token))).toMatchObject({
      reason: 'dispatch_not_allowed',
      status: 'declined',
    });
    await post(`/v1/incidents/${incidentId}/cancel`, {}, world.operatorToken).expect(200);
  });

  it('a duplicate handset serial is duplicate_serial', async () => {
    const resident = await world.resident();
    const body = conflictOf(await post('/v1/devices', { serial: resident.serial, residentId: resident.residentId }, world.adminToken));
    expect(body.reason).toBe('duplicate_serial');
  });

  it('a 400 lists its issues per field, the 1890 birth date by its rule', async () => {
    const res = await post(
      '/v1/residents',
      { fullName: '', dateOfBirth: '1890-05-01', address: 'Lanshan Road 18', medicalHistory: [], medications: [], allergies: [], emergencyContacts: [] },
      world.adminToken,
    ).expect(400);
    const body = res.body as ValidationErrorBody;
    expect(body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^fullName: /)]));
    expect(body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['fullName'], code: 'too_small', origin: 'string', minimum: 1 }),
        expect.objectContaining({ path: ['dateOfBirth'], code: 'custom', rule: 'past_date' }),
      ]),
    );
  });

  it('the responder: door details once the job is taken, en route, arrive, complete with an outcome', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await post(`/v1/incidents/${incidentId}/notes`, { text: '女儿在路上，门没锁' }, world.operatorToken).expect(201);
    const offer = await offerFor(resident.carer, incidentId);
    const door = (token: string) => world.client.get(`/v1/dispatches/${offer.dispatchId}/door`, token);

    // Offered, not yet taken: the alarm and how to reach the centre, not the medications.
    const before = (await door(resident.carer.token).expect(200)).body as DoorDetails;
    expect(before).toMatchObject({ incidentId, incidentType: 'sos', pressCount: 1, centrePhone: '+86 539 800 1234', address: expect.any(String) });
    expect(before).not.toHaveProperty('medications');
    await door(resident.cadre.token).expect(403);

    await post(`/v1/dispatches/${offer.dispatchId}/accept`, undefined, resident.carer.token).expect(200);
    const taken = (await door(resident.carer.token).expect(200)).body as DoorDetails;
    expect(taken).toMatchObject({
      medications: ['amlodipine 5 mg daily', 'metformin 500 mg twice daily'],
      emergencyContacts: [{ name: 'Wang Jun', relation: 'son', phone: '+86 139 1234 5678' }],
      notes: [{ text: '女儿在路上，门没锁', by: expect.stringMatching(/^operator-/), at: expect.any(String) }],
    });

    const onTheWay = await post(`/v1/dispatches/${offer.dispatchId}/en-route`, undefined, resident.carer.token).expect(200);
    expect(onTheWay.body).toMatchObject({ id: offer.dispatchId, status: 'en_route' });
    expect(conflictOf(await post(`/v1/dispatches/${offer.dispatchId}/en-route`, undefined, resident.carer.token))).toMatchObject({
      reason: 'dispatch_not_allowed',
      status: 'en_route',
    });
    await post(`/v1/dispatches/${offer.dispatchId}/arrive`, undefined, resident.carer.token).expect(200);
    await post(`/v1/dispatches/${offer.dispatchId}/complete`, { outcome: 'sideways' }, resident.carer.token).expect(400);
    await post(`/v1/dispatches/${offer.dispatchId}/complete`, { outcome: 'hospitalised', note: '已叫 120' }, resident.carer.token).expect(200);

    const incident = await eventually(async () => {
      const detail = await world.incident(incidentId);
      return detail.timeline.some((e) => e.kind === 'dispatch_completed') && detail;
    });
    expect(incident.status).toBe('on_scene');
    const kinds = incident.timeline.map((e) => e.kind);
    expect(kinds.indexOf('dispatch_en_route')).toBeGreaterThan(kinds.indexOf('dispatch_accepted'));
    expect(kinds.indexOf('responder_arrived')).toBeGreaterThan(kinds.indexOf('dispatch_en_route'));
    expect(incident.timeline.find((e) => e.kind === 'dispatch_completed')?.data).toMatchObject({ outcome: 'hospitalised', note: '已叫 120' });
    // Done: the door details are gone with the job.
    await door(resident.carer.token).expect(404);
  });
});
