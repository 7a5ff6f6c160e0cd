import { ConsoleEvent, type IncidentDetail, type IncidentView, type Resident } from '@app/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createIngestApp } from '../../apps/ingest/src/app';
import { ConsoleClient, connectConsoleWithSnapshot, insertIncident, type RunningConsole, startConsole } from '../support/console-client';
import { eventually, RecordingSocket } from '../support/dispatch-world';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { sendSigned } from '../support/handset';

const WEST = '西城区';
const EAST = '东港区';

interface Handset {
  residentId: string;
  serial: string;
  secret: string;
}

/**
 * Districts and who sees what, through the public interface: REST lists and details, the
 * /console snapshot and live events on two console instances, and the exception that keeps an
 * alarm seen (an sos of a district with no operator of its own connected goes to everyone, and
 * says why). Presses go through the real ingest.
 */
describe('districts: each district sees its own, and no alarm goes unseen', () => {
  let env: SuiteEnvironment;
  let first: RunningConsole;
  let second: RunningConsole;
  let ingest: NestFastifyApplication;
  let ingestUrl: string;
  let api: ConsoleClient;
  let db: Client;
  let admin: string;
  let westOperator: string;
  let eastOperator: string;
  let westSupervisor: string;
  const sockets: RecordingSocket[] = [];

  const handset = async (fullName: string, district: string): Promise<Handset> => {
    const resident = await api
      .post(
        '/v1/residents',
        {
          fullName,
          dateOfBirth: '1940-02-03',
          address: `${district} 1 号`,
          district,
          medicalHistory: [],
          medications: [],
          allergies: [],
          emergencyContacts: [],
        },
        admin,
      )
      .expect(201);
    const serial = `hs-${randomUUID().slice(0, 8)}`;
    const device = await api.post('/v1/devices', { serial, residentId: (resident.body as Resident).id }, admin).expect(201);
    return { residentId: (resident.body as Resident).id, serial, secret: (device.body as { secret: string }).secret };
  };

  const press = async (at: Handset, type: 'sos' | 'fall' | 'low_battery' = 'sos'): Promise<string> => {
    const res = await sendSigned<{ incidentId: string }>({
      baseUrl: ingestUrl,
      serial: at.serial,
      secret: at.secret,
      path: '/v1/alarms',
      body: { eventId: randomUUID(), type },
    });
    expect(res.status).toBe(202);
    return res.body.incidentId;
  };

  const connect = async (url: string, token: string) => {
    const { socket, snapshot } = await connectConsoleWithSnapshot(url, token);
    const recording = new RecordingSocket(socket);
    sockets.push(recording);
    return { socket: recording, snapshot: (await snapshot).items };
  };

  const received = (socket: RecordingSocket, incidentId: string) =>
    [ConsoleEvent.IncidentCreated, ConsoleEvent.IncidentUpdated].flatMap((name) => socket.all<IncidentView>(name, (v) => v.id === incidentId));

  /**
   * Proves `socket` was not sent anything about `incidentId` up to now, without a timed wait: a
   * press of its own district is pushed after whatever was published before, and one console
   * instance delivers the Redis messages in the order they came.
   */
  const nothingAbout = async (socket: RecordingSocket, incidentId: string) => {
    const ofWest = () =>
      socket.events.filter((e) => e.name !== ConsoleEvent.IncidentSnapshot && (e.payload as IncidentView).resident.id === west.residentId).length;
    const before = ofWest();
    await press(west);
    await eventually(() => ofWest() > before, 5000, 'the sentinel push');
    expect(received(socket, incidentId)).toEqual([]);
  };

  let west: Handset;
  let east: Handset;
  let westIncident: string;

  beforeAll(async () => {
    env = await createSuiteEnvironment('districts');
    first = await startConsole(env.config);
    second = await startConsole(env.config);
    ingest = await createIngestApp(env.config);
    await ingest.listen(0, '127.0.0.1');
    ingestUrl = (await ingest.getUrl()).replace('[::1]', '127.0.0.1');
    api = new ConsoleClient(first.url);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    admin = await api.login('admin', 'admin-password-1');
    const user = async (username: string, role: string, districts: string[]) => {
      const password = `pw-${username}-0123456789`;
      await api.post('/v1/users', { username, password, role, districts }, admin).expect(201);
      return api.login(username, password);
    };
    westOperator = await user('op.west', 'operator', [WEST]);
    eastOperator = await user('op.east', 'operator', [EAST]);
    westSupervisor = await user('sup.west', 'supervisor', [WEST]);
    west = await handset('西城 李梅', WEST);
    east = await handset('东港 王芳', EAST);
    westIncident = await insertIncident(db, { residentId: west.residentId, serial: west.serial, type: 'low_battery' });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await db?.end();
    await ingest?.close();
    await first?.app.close();
    await second?.app.close();
    await env?.destroy();
  });

  describe('REST', () => {
    let eastIncident: string;

    beforeAll(async () => {
      eastIncident = await insertIncident(db, { residentId: east.residentId, serial: east.serial, type: 'fall' });
    });

    // Closed again, so that the socket tests below start from a district with no live emergency.
    afterAll(async () => {
      await db.query(`UPDATE incidents SET status = 'cancelled' WHERE id = $1`, [eastIncident]);
    });

    it('lists only the incidents of the reader’s districts; another district’s detail and actions are 404', async () => {
      const list = await api.get('/v1/incidents', westOperator).expect(200);
      expect((list.body as { items: IncidentView[] }).items.map((v) => v.id)).toEqual([westIncident]);
      await api.get(`/v1/incidents/${eastIncident}`, westOperator).expect(404);
      await api.post(`/v1/incidents/${eastIncident}/acknowledge`, {}, westOperator).expect(404);
      await api.post(`/v1/incidents/${eastIncident}/notes`, { text: 'not mine' }, westOperator).expect(404);
      await api.post(`/v1/incidents/${eastIncident}/cancel`, {}, westOperator).expect(404);
      // The same answer as for an incident that does not exist: nothing tells it is there.
      const unknown = await api.get(`/v1/incidents/${randomUUID()}`, westOperator).expect(404);
      const hidden = await api.get(`/v1/incidents/${eastIncident}`, westOperator).expect(404);
      expect(Object.keys(hidden.body as object).sort()).toEqual(Object.keys(unknown.body as object).sort());
      await api.get(`/v1/incidents/${eastIncident}`, eastOperator).expect(200);
    });

    it('scopes residents: searches, details, care teams and device commands', async () => {
      const found = await api.get('/v1/residents', westOperator).expect(200);
      expect((found.body as Resident[]).map((r) => r.district)).toEqual([WEST]);
      await api.get(`/v1/residents/${east.residentId}`, westOperator).expect(404);
      await api.get(`/v1/residents/${east.residentId}/care-team`, westOperator).expect(404);
      await api.get(`/v1/residents/${west.residentId}`, westOperator).expect(200);
      await api.put(`/v1/devices/${east.serial}/sos-numbers`, { numbers: ['12349'] }, westOperator).expect(404);
      expect((await api.get('/v1/districts', westOperator).expect(200)).body).toEqual({ items: [WEST] });
    });

    it('gives a supervisor the figures of its districts only, and an admin everything', async () => {
      const supervised = await api.get('/v1/incidents?status=open,acknowledged,dispatched,on_scene,resolved,cancelled', westSupervisor).expect(200);
      expect((supervised.body as { items: IncidentView[] }).items.map((v) => v.resident.district)).toEqual([WEST]);
      const everything = await api.get('/v1/incidents', admin).expect(200);
      expect((everything.body as { items: IncidentView[] }).items.map((v) => v.id).sort()).toEqual([westIncident, eastIncident].sort());
      expect((await api.get('/v1/districts', admin).expect(200)).body).toEqual({ items: [EAST, WEST].sort() });
      await api.get(`/v1/residents/${east.residentId}`, admin).expect(200);
    });
  });

  describe('sockets', () => {
    it('an sos of a district nobody of it watches goes to everyone, saying why; a technical alarm does not', async () => {
      const westSocket = await connect(first.url, westOperator);
      expect(westSocket.snapshot.map((v) => v.id)).toEqual([westIncident]);
      const adminSocket = await connect(first.url, admin);

      const eastSos = await press(east);
      const shown = await westSocket.socket.next<IncidentView>(ConsoleEvent.IncidentCreated, (v) => v.id === eastSos);
      expect(shown.shownBecause).toBe('no_district_operator');
      expect(shown.resident.district).toBe(EAST);
      // Whoever sees the district anyway is not told a reason.
      const toAdmin = await adminSocket.socket.next<IncidentView>(ConsoleEvent.IncidentCreated, (v) => v.id === eastSos);
      expect(toAdmin.shownBecause).toBeUndefined();

      // The operator it was shown to can open it and take the call; the timeline says why it saw it.
      const detail = (await api.get(`/v1/incidents/${eastSos}`, westOperator).expect(200)).body as IncidentDetail;
      expect(detail.shownBecause).toBe('no_district_operator');
      expect(detail.timeline.find((e) => e.kind === 'shown_to_every_console')?.data).toEqual({ reason: 'no_district_operator', district: EAST });
      await api.post(`/v1/incidents/${eastSos}/acknowledge`, {}, westOperator).expect(200);
      // ...and it keeps getting the incident's changes until it is closed.
      await westSocket.socket.next<IncidentView>(ConsoleEvent.IncidentUpdated, (v) => v.id === eastSos && v.status === 'acknowledged');

      const flatBattery = await press(east, 'low_battery');
      await adminSocket.socket.next<IncidentView>(ConsoleEvent.IncidentCreated, (v) => v.id === flatBattery);
      await nothingAbout(westSocket.socket, flatBattery);
      await api.get(`/v1/incidents/${flatBattery}`, westOperator).expect(404);
    });

    it('once an operator of the district is connected (on another instance), its new alarms stay in the district; when it leaves they go to everyone', async () => {
      const westSocket = await connect(first.url, westOperator);
      const eastSocket = await connect(second.url, eastOperator);
      const second2 = await handset('东港 赵兰', EAST);
      const covered = await press(second2, 'fall');
      const toEast = await eastSocket.socket.next<IncidentView>(ConsoleEvent.IncidentCreated, (v) => v.id === covered);
      expect(toEast.shownBecause).toBeUndefined();
      await nothingAbout(westSocket.socket, covered);
      await api.get(`/v1/incidents/${covered}`, westOperator).expect(404);

      // A new west console's snapshot: its own district, and the alarm shown to everyone earlier, never the covered one.
      const lateWest = await connect(first.url, westOperator);
      expect(lateWest.snapshot.map((v) => v.id)).not.toContain(covered);
      expect(lateWest.snapshot.filter((v) => v.shownBecause === 'no_district_operator').map((v) => v.resident.district)).toEqual([EAST]);

      // The only operator of the district goes away while its fall is live: the others get it now.
      eastSocket.socket.close();
      const nowShown = await westSocket.socket.next<IncidentView>(ConsoleEvent.IncidentUpdated, (v) => v.id === covered, 10_000);
      expect(nowShown.shownBecause).toBe('no_district_operator');
      await api.get(`/v1/incidents/${covered}`, westOperator).expect(200);
    });
  });
});
