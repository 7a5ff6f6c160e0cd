import { ConsoleEvent, type IncidentView, ResponderEvent } from '@app/contracts';
import type { ResidentWithDevice } from '../support/fixtures';
import { sendSigned } from '../support/handset';
import { type DispatchWorld, eventually, offerFor, startDispatchWorld, updateOf } from '../support/dispatch-world';

/**
 * What must not go unnoticed at night, server side (issue 12): an exhausted cascade is an
 * explicit fact of the incident; an offer's timeout reaches the responder's phone at once; a
 * low battery an operator handled is not raised again until the device recovered and dropped.
 */
const OFFER_S = 1.5;
const ROUND_MS = 250;

describe('night shift alarms (server)', () => {
  let world: DispatchWorld;

  beforeAll(async () => {
    world = await startDispatchWorld('nightshift', {
      DISPATCH_OFFER_TIMEOUT_S: String(OFFER_S),
      ACK_TIMEOUT_S: '1',
      HEARTBEAT_MIN_INTERVAL_S: '0.01',
      SUPERVISION_INTERVAL_MS: String(ROUND_MS),
    });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('stamps cascadeExhaustedAt and writes cascade_exhausted to the timeline once the whole care team declined, even after an earlier escalation', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    // Nobody acknowledges: ACK_TIMEOUT_S escalates first, for another reason.
    await updateOf(world, incidentId, (v) => v.escalationReason === 'not_acknowledged', 5000);
    for (const member of [resident.carer, resident.cadre, resident.doctor]) {
      const offer = await offerFor(member, incidentId, OFFER_S * 1000 + 3000);
      // On a loaded machine the offer may time out first (409): either way that member is not coming.
      const declined = await world.client.post(`/v1/dispatches/${offer.dispatchId}/decline`, undefined, member.token);
      expect([200, 409]).toContain(declined.status);
    }

    const exhausted = await updateOf(world, incidentId, (v) => v.cascadeExhaustedAt !== undefined);
    expect(exhausted).toMatchObject({ escalated: true, escalationReason: 'not_acknowledged' });
    expect(Date.parse(exhausted.cascadeExhaustedAt!)).toBeGreaterThanOrEqual(Date.parse(exhausted.openedAt));
    const detail = await world.incident(incidentId);
    expect(detail.cascadeExhaustedAt).toBe(exhausted.cascadeExhaustedAt);
    const facts = detail.timeline.filter((e) => e.kind === 'cascade_exhausted');
    expect(facts).toHaveLength(1);
    const notComing = expect.stringMatching(/^(declined|timed_out)$/);
    expect(facts[0]!.data).toEqual({
      answers: [
        { responderId: resident.carer.id, role: 'carer', status: notComing },
        { responderId: resident.cadre.id, role: 'cadre', status: notComing },
        { responderId: resident.doctor.id, role: 'doctor', status: notComing },
      ],
    });

    // A later press runs the cascade again: the fact is not written twice.
    await world.press(resident);
    await updateOf(world, incidentId, (v) => v.pressCount === 2);
    expect((await world.incident(incidentId)).timeline.filter((e) => e.kind === 'cascade_exhausted')).toHaveLength(1);
  });

  it('leaves cascadeExhaustedAt out while someone of the care team is still asked', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    await offerFor(resident.carer, incidentId);
    expect((await world.incident(incidentId)).cascadeExhaustedAt).toBeUndefined();
  });

  it('tells the responder at once when an offer timed out (dispatch.timed_out)', async () => {
    const resident = await world.resident();
    const incidentId = await world.press(resident);
    const offer = await offerFor(resident.carer, incidentId);
    const timedOut = await resident.carer.socket.next<{ dispatchId: string }>(
      ResponderEvent.DispatchTimedOut,
      (e) => e.dispatchId === offer.dispatchId,
      OFFER_S * 1000 + 3000,
    );
    expect(timedOut).toEqual({ dispatchId: offer.dispatchId });
    // Only to that responder.
    expect(resident.cadre.socket.all<{ dispatchId: string }>(ResponderEvent.DispatchTimedOut, (e) => e.dispatchId === offer.dispatchId)).toEqual([]);
  });

  describe('a low battery an operator handled', () => {
    const heartbeat = async (device: ResidentWithDevice, batteryPct: number) => {
      const res = await sendSigned({ baseUrl: world.ingestUrl, serial: device.serial, secret: device.secret, path: '/v1/heartbeats', body: { batteryPct } });
      expect(res.status).toBe(204);
    };
    const lowBatteryIncidents = async (device: ResidentWithDevice) =>
      (
        await world.db.query<{ id: string; status: string }>(
          `SELECT id, status FROM incidents WHERE device_serial = $1 AND type = 'low_battery' ORDER BY opened_at`,
          [device.serial],
        )
      ).rows;
    /** The first low_battery incident.created for the device (other than `except`: the socket keeps every event). */
    const opened = (device: ResidentWithDevice, except?: string) =>
      world.operatorSocket.next<IncidentView>(
        ConsoleEvent.IncidentCreated,
        (v) => v.device.serial === device.serial && v.type === 'low_battery' && v.id !== except,
        6000,
      );
    /** Proves that supervision ran whole rounds since now: a second device going low gets its incident. */
    const roundsRan = async () => {
      const canary = await world.resident();
      const seen = opened(canary);
      await heartbeat(canary, 5);
      await seen;
      await world.db.query(`UPDATE incidents SET status = 'cancelled' WHERE device_serial = $1`, [canary.serial]);
    };

    it('is not reopened while the battery stays low, and is raised again once it recovered and dropped', async () => {
      const device = await world.resident();
      const first = opened(device);
      await heartbeat(device, 10);
      const view = await first;
      const cancelled = await world.client.post(`/v1/incidents/${view.id}/cancel`, {}, world.operatorToken);
      expect(cancelled.status).toBe(200);

      // Still low, reported again: supervision runs on, and opens nothing new for it.
      await heartbeat(device, 9);
      await roundsRan();
      await roundsRan();
      expect(await lowBatteryIncidents(device)).toEqual([{ id: view.id, status: 'cancelled' }]);

      // Charged (above the recovery level), then low again: a new alert.
      await heartbeat(device, 90);
      await eventually(
        async () =>
          (
            await world.db.query(`SELECT 1 FROM devices WHERE serial = $1 AND battery_recovered_at > (SELECT opened_at FROM incidents WHERE id = $2)`, [
              device.serial,
              view.id,
            ])
          ).rows.length === 1,
        5000,
        'recovery seen by supervision',
      );
      const second = opened(device, view.id);
      await heartbeat(device, 8);
      const reopened = await second;
      expect(await lowBatteryIncidents(device)).toEqual([
        { id: view.id, status: 'cancelled' },
        { id: reopened.id, status: 'open' },
      ]);
    });
  });
});
