import { ConsoleEvent, type IncidentView } from '@app/contracts';
import { ADVISORY_LOCK } from '@app/database';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { createDispatcherApp } from '../../apps/dispatcher/src/app';
import { createIngestApp } from '../../apps/ingest/src/app';
import { ConsoleClient, connectConsole, nextEvent, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice, type ResidentWithDevice } from '../support/fixtures';
import { sendSigned } from '../support/handset';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** HEARTBEAT_TIMEOUT_S=1 and a round every 250 ms: a silence is noticed within about 1.5 s. */
const ROUND_MS = 250;

describe('device supervision', () => {
  let env: SuiteEnvironment;
  let ingest: NestFastifyApplication;
  let ingestUrl: string;
  let dispatcher: NestFastifyApplication;
  let consoleApp: RunningConsole;
  let api: ConsoleClient;
  let admin: string;
  let socket: Socket;
  let db: Client;

  beforeAll(async () => {
    env = await createSuiteEnvironment('supervision', {
      HEARTBEAT_TIMEOUT_S: '1',
      HEARTBEAT_MIN_INTERVAL_S: '0.01',
      SUPERVISION_INTERVAL_MS: String(ROUND_MS),
    });
    dispatcher = await createDispatcherApp(env.config);
    await dispatcher.listen(0, '127.0.0.1');
    ingest = await createIngestApp(env.config);
    await ingest.listen(0, '127.0.0.1');
    ingestUrl = (await ingest.getUrl()).replace('[::1]', '127.0.0.1');
    consoleApp = await startConsole(env.config);
    api = new ConsoleClient(consoleApp.url);
    admin = await api.login('admin', 'admin-password-1');
    socket = await connectConsole(consoleApp.url, admin);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    socket?.close();
    await db?.end();
    await consoleApp?.app.close();
    await ingest?.close();
    await dispatcher?.close();
    await env?.destroy();
  });

  const heartbeat = async (device: ResidentWithDevice, body: object = {}) => {
    const res = await sendSigned({ baseUrl: ingestUrl, serial: device.serial, secret: device.secret, path: '/v1/heartbeats', body });
    expect(res.status).toBe(204);
  };
  const incidentsOf = async (device: ResidentWithDevice, type: string) =>
    (
      await db.query<{ id: string; status: string; outcome: string | null }>(
        'SELECT id, status, outcome FROM incidents WHERE device_serial = $1 AND type = $2 ORDER BY opened_at',
        [device.serial, type],
      )
    ).rows;
  const timelineKinds = async (incidentId: string) =>
    (await db.query<{ kind: string; data: Record<string, unknown> }>('SELECT kind, data FROM incident_events WHERE incident_id = $1 ORDER BY id', [incidentId]))
      .rows;
  const forResident = (device: ResidentWithDevice, type: string, status?: string) => (view: IncidentView) =>
    view.resident.id === device.residentId && view.type === type && (status === undefined || view.status === status);

  it('opens exactly one device_offline incident for a device that went silent, and none for a device never heard', async () => {
    const silent = await createResidentWithDevice(env.databaseUrl, env.config);
    const neverHeard = await createResidentWithDevice(env.databaseUrl, env.config);
    const created = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentCreated, forResident(silent, 'device_offline'), 6000);
    await heartbeat(silent);

    const view = await created;
    expect(view).toMatchObject({ type: 'device_offline', status: 'open', device: { serial: silent.serial } });
    await sleep(6 * ROUND_MS);
    const incidents = await incidentsOf(silent, 'device_offline');
    expect(incidents).toHaveLength(1);
    expect(await incidentsOf(neverHeard, 'device_offline')).toEqual([]);

    const timeline = await timelineKinds(view.id);
    expect(timeline[0]).toEqual({ kind: 'device_offline', data: expect.objectContaining({ serial: silent.serial, lastHeardAt: expect.any(String) }) });
    // The console hears of it through the normal path: an incident-opened job for the dispatcher.
    const outbox = await db.query("SELECT published_at IS NOT NULL AS published FROM outbox WHERE incident_id = $1 AND job_name = 'incident-opened'", [
      view.id,
    ]);
    expect(outbox.rows).toEqual([{ published: true }]);

    // Heard again: resolved automatically, the timeline says why.
    const resolved = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentUpdated, (v) => v.id === view.id && v.status === 'resolved', 6000);
    await heartbeat(silent);
    expect(await resolved).toMatchObject({ status: 'resolved', outcome: 'other' });
    const kinds = (await timelineKinds(view.id)).map((e) => e.kind);
    expect(kinds).toEqual(['device_offline', 'device_back_online', 'resolved']);
  });

  it('runs one round at a time: while another round holds the supervision lock, none starts; the next one after it does the work', async () => {
    // Another dispatcher's round, as Postgres sees it: a session holding the supervision lock.
    const otherRound = new Client({ connectionString: env.databaseUrl });
    await otherRound.connect();
    try {
      await otherRound.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK.deviceSupervision]);
      const silent = await createResidentWithDevice(env.databaseUrl, env.config);
      await heartbeat(silent);
      // Silent for well over the timeout and many rounds' worth: every round was left to the other one.
      await sleep(1000 * env.config.HEARTBEAT_TIMEOUT_S + 2500 + 8 * ROUND_MS);
      expect(await incidentsOf(silent, 'device_offline')).toEqual([]);

      const created = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentCreated, forResident(silent, 'device_offline'), 6000);
      await otherRound.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK.deviceSupervision]);
      await created;
      await sleep(4 * ROUND_MS);
      expect(await incidentsOf(silent, 'device_offline')).toHaveLength(1);
    } finally {
      await otherRound.end();
    }
  });

  it('opens exactly one low_battery incident under 20 % and closes it once the battery is charged', async () => {
    const device = await createResidentWithDevice(env.databaseUrl, env.config);
    const created = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentCreated, forResident(device, 'low_battery'), 6000);
    await heartbeat(device, { batteryPct: 10 });
    const view = await created;
    expect(view).toMatchObject({ type: 'low_battery', status: 'open', device: { serial: device.serial, batteryPct: 10 } });

    // Still low on the next reports and rounds: still one.
    await heartbeat(device, { batteryPct: 9 });
    await sleep(4 * ROUND_MS);
    expect(await incidentsOf(device, 'low_battery')).toHaveLength(1);
    expect((await timelineKinds(view.id))[0]).toEqual({ kind: 'low_battery', data: expect.objectContaining({ batteryPct: 10 }) });

    const resolved = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentUpdated, (v) => v.id === view.id && v.status === 'resolved', 6000);
    await heartbeat(device, { batteryPct: 90 });
    expect(await resolved).toMatchObject({ status: 'resolved', outcome: 'other' });
    expect(await incidentsOf(device, 'low_battery')).toEqual([{ id: view.id, status: 'resolved', outcome: 'other' }]);
    expect((await timelineKinds(view.id)).map((e) => e.kind)).toEqual(['low_battery', 'battery_recovered', 'resolved']);
  });

  it('leaves an incident an operator has taken over alone until its cause is gone, then resolves it from where it is', async () => {
    const device = await createResidentWithDevice(env.databaseUrl, env.config);
    const created = nextEvent<IncidentView>(socket, ConsoleEvent.IncidentCreated, forResident(device, 'low_battery'), 6000);
    await heartbeat(device, { batteryPct: 5 });
    const view = await created;
    await api.post(`/v1/incidents/${view.id}/acknowledge`, undefined, admin).expect(200);
    await sleep(3 * ROUND_MS);
    expect(await incidentsOf(device, 'low_battery')).toEqual([{ id: view.id, status: 'acknowledged', outcome: null }]);

    await heartbeat(device, { batteryPct: 100 });
    const resolved = await nextEvent<IncidentView>(socket, ConsoleEvent.IncidentUpdated, (v) => v.id === view.id && v.status === 'resolved', 6000);
    expect(resolved.acknowledgedBy).toMatchObject({ username: 'admin' });
    const last = (await timelineKinds(view.id)).at(-1);
    expect(last).toEqual({ kind: 'resolved', data: { from: 'acknowledged', outcome: 'other', automatic: true, reason: 'battery_recovered' } });
  });
});
