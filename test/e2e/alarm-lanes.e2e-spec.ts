import { JobName, jobIdFor, laneOfIncident, Queue, queueOf } from '@app/contracts';
import { bullPrefix, type OutboxJob, QueueProducer } from '@app/queues';
import { createRedis } from '@app/redis';
import type IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { type DispatchWorld, eventually, offerFor, startDispatchWorld } from '../support/dispatch-world';

/**
 * Alarm lanes end to end (docs/architecture.md, "Lanes"): sos and fall work goes through queues
 * and workers of its own, so a flood of technical work (a power cut: thousands of offline and
 * low-battery incidents) cannot sit in front of an SOS. No timing is asserted: the proof is the
 * order of things, an SOS offered while most of the technical flood is still waiting.
 */
const FLOOD = 3000;

/** Technical incidents (low battery) of FLOOD residents, committed with their outbox rows as supervision leaves them. */
const FLOOD_SQL = `
WITH r AS (
  INSERT INTO residents (full_name, date_of_birth, address, medical_history)
  SELECT 'Flood ' || g, '1940-01-01', 'Flood Street ' || g, '[]' FROM generate_series(1, $1::int) g RETURNING id
), d AS (
  INSERT INTO devices (serial, resident_id, secret_ciphertext) SELECT 'flood-' || id, id, 'not-used-here' FROM r RETURNING serial, resident_id
), i AS (
  INSERT INTO incidents (id, resident_id, device_serial, type, type_group)
  SELECT gen_random_uuid(), resident_id, serial, 'low_battery', 'low_battery' FROM d RETURNING id
)
INSERT INTO outbox (id, incident_id, job_name, payload, published_at)
SELECT gen_random_uuid(), id, $2, jsonb_build_object('incidentId', id), now() FROM i
RETURNING id AS "outboxId", incident_id AS "incidentId"`;

describe('alarm lanes', () => {
  let world: DispatchWorld;
  let redis: IORedis;
  let producer: QueueProducer;

  beforeAll(async () => {
    world = await startDispatchWorld('alarmlanes', { ACK_TIMEOUT_S: '3600', OUTBOX_RELAY_INTERVAL_MS: '300', OUTBOX_RELAY_GRACE_MS: '500' });
    redis = createRedis(world.env.redisUrl, 'command');
    producer = new QueueProducer(redis, bullPrefix(world.env.redisPrefix));
  });

  afterAll(async () => {
    // The flood is left in Redis; the suite's prefix is deleted with its environment.
    await producer?.close();
    redis?.disconnect();
    await world?.close();
  });

  it('offers an SOS while most of a flood of technical work is still waiting, and the technical lane still makes progress', async () => {
    const resident = await world.resident();
    const { rows } = await world.db.query<{ outboxId: string; incidentId: string }>(FLOOD_SQL, [FLOOD, JobName.IncidentOpened]);
    const lane = laneOfIncident('low_battery');
    const technical = producer.queue(queueOf(JobName.IncidentOpened, lane));
    const flood: OutboxJob[] = rows.map((r) => ({
      name: JobName.IncidentOpened,
      data: { incidentId: r.incidentId, outboxId: r.outboxId },
      lane,
    }));
    const { failed } = await producer.enqueueBulk(flood);
    expect(failed).toEqual([]);

    const incidentId = await world.press(resident);
    const offer = await offerFor(resident.carer, incidentId, 20_000);
    // Read as soon as the offer reached the carer's phone: the flood is still mostly in front of its workers.
    const stillWaiting = await technical.getWaitingCount();
    expect(offer.role).toBe('carer');
    expect(stillWaiting).toBeGreaterThan(FLOOD / 2);

    // The technical lane is slowed down, not stopped: its incidents get their acknowledgement timers.
    await eventually(async () => ((await technical.getCompletedCount()) >= 10 ? true : undefined), 20_000, 'technical jobs completed');
    const { rows: timers } = await world.db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE job_name = $1 AND incident_id = ANY($2::uuid[])`, [
      JobName.AckTimeout,
      rows.map((r) => r.incidentId),
    ]);
    expect(Number(timers[0]!.n)).toBeGreaterThanOrEqual(10);
  });

  it('puts a technical press on the technical lane and an SOS on the alarm lane', async () => {
    const resident = await world.resident();
    const sos = await world.press(resident);
    const lowBattery = await world.press(resident, 'low_battery');
    const jobOf = async (incidentId: string) => {
      const { rows } = await world.db.query<{ id: string }>(`SELECT id FROM outbox WHERE incident_id = $1 AND job_name = $2`, [
        incidentId,
        JobName.IncidentOpened,
      ]);
      return jobIdFor(JobName.IncidentOpened, rows[0]!.id);
    };
    await eventually(async () => (await producer.queue(Queue.Dispatch).getJob(await jobOf(sos))) ?? undefined, 10_000, 'the SOS job on the alarm lane');
    await eventually(
      async () => (await producer.queue(Queue.TechnicalDispatch).getJob(await jobOf(lowBattery))) ?? undefined,
      10_000,
      'the low-battery job on the technical lane',
    );
    expect(await producer.queue(Queue.Dispatch).getJob(await jobOf(lowBattery))).toBeUndefined();
  });

  it('relays a stranded row to the lane of its incident, rows written before lanes existed included', async () => {
    const [sosResident, technicalResident] = [await world.resident(), await world.resident()];
    const stranded = async (type: string, residentId: string, serial: string) => {
      const incidentId = randomUUID();
      const outboxId = randomUUID();
      await world.db.query(`INSERT INTO incidents (id, resident_id, device_serial, type, type_group) VALUES ($1, $2, $3, $4, $5)`, [
        incidentId,
        residentId,
        serial,
        type,
        type === 'sos' ? 'emergency' : type,
      ]);
      // No lane anywhere in the row: as the in-line publisher left it (a crash), before or after the upgrade.
      await world.db.query(`INSERT INTO outbox (id, incident_id, job_name, payload, created_at) VALUES ($1, $2, $3, $4, now() - interval '10 seconds')`, [
        outboxId,
        incidentId,
        JobName.IncidentOpened,
        JSON.stringify({ incidentId }),
      ]);
      return jobIdFor(JobName.IncidentOpened, outboxId);
    };
    const sosJob = await stranded('sos', sosResident.residentId, sosResident.serial);
    const technicalJob = await stranded('device_offline', technicalResident.residentId, technicalResident.serial);
    await eventually(async () => (await producer.queue(Queue.Dispatch).getJob(sosJob)) ?? undefined, 10_000, 'the SOS row relayed to the alarm lane');
    await eventually(
      async () => (await producer.queue(Queue.TechnicalDispatch).getJob(technicalJob)) ?? undefined,
      10_000,
      'the offline row relayed to the technical lane',
    );
  });
});
