import type { IncidentDetail, IncidentView } from '@app/contracts';
import { Client } from 'pg';
import { ConsoleClient, insertIncident, insertResidentWithDevice, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

describe('console incidents REST', () => {
  let env: SuiteEnvironment;
  let consoleApp: RunningConsole;
  let api: ConsoleClient;
  let db: Client;
  let admin: string;
  let operatorA: string;
  let operatorB: string;
  let supervisor: string;

  const incidentFor = async (name: string, openedAt?: Date) => {
    const at = await insertResidentWithDevice(db, name);
    return insertIncident(db, { ...at, ...(openedAt ? { openedAt } : {}) });
  };

  beforeAll(async () => {
    env = await createSuiteEnvironment('console-incidents');
    consoleApp = await startConsole(env.config);
    api = new ConsoleClient(consoleApp.url);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    admin = await api.login('admin', 'admin-password-1');
    operatorA = await api.userToken(admin, { username: 'op.alice', role: 'operator' });
    operatorB = await api.userToken(admin, { username: 'op.bob', role: 'operator' });
    supervisor = await api.userToken(admin, { username: 'sup.carol', role: 'supervisor' });
  });

  afterAll(async () => {
    await db?.end();
    await consoleApp?.app.close();
    await env?.destroy();
  });

  describe('listing', () => {
    const ids: string[] = [];

    beforeAll(async () => {
      // Five incidents a minute apart; the newest comes first.
      const base = Date.now() - 3_600_000;
      for (let i = 0; i < 5; i++) ids.unshift(await incidentFor(`Listed ${i}`, new Date(base + i * 60_000)));
      await db.query(`UPDATE incidents SET status = 'acknowledged' WHERE id = $1`, [ids[1]]);
      await db.query(`UPDATE incidents SET status = 'resolved', outcome = 'assisted', resolved_at = now() WHERE id = $1`, [ids[2]]);
    });

    it('lists newest first as whole IncidentViews', async () => {
      const res = await api.get('/v1/incidents', operatorA).expect(200);
      const page = res.body as { items: IncidentView[]; nextCursor?: string };
      expect(page.items.map((i) => i.id)).toEqual(ids);
      expect(page.nextCursor).toBeUndefined();
      expect(page.items[0]).toMatchObject({
        type: 'sos',
        status: 'open',
        escalated: false,
        pressCount: 1,
        version: 1,
        resident: { fullName: 'Listed 4', age: expect.any(Number), medicalHistory: ['hypertension'] },
        careTeam: {},
        device: { serial: expect.any(String) },
        dispatches: [],
      });
    });

    it('filters by status', async () => {
      const live = await api.get('/v1/incidents?status=open,acknowledged', supervisor).expect(200);
      expect(live.body.items.map((i: IncidentView) => i.id)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
      const resolved = await api.get('/v1/incidents?status=resolved', operatorA).expect(200);
      expect(resolved.body.items.map((i: IncidentView) => i.id)).toEqual([ids[2]]);
      await api.get('/v1/incidents?status=open,sleeping', operatorA).expect(400);
    });

    it('pages with a cursor: two pages, no overlap', async () => {
      const first = await api.get('/v1/incidents?limit=3', operatorA).expect(200);
      expect(first.body.items).toHaveLength(3);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await api.get(`/v1/incidents?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`, operatorA).expect(200);
      expect(second.body.items).toHaveLength(2);
      expect(second.body.nextCursor).toBeUndefined();
      expect([...first.body.items, ...second.body.items].map((i: IncidentView) => i.id)).toEqual(ids);
    });

    it('refuses an invalid cursor, limit or unknown parameter with 400', async () => {
      const res = await api.get('/v1/incidents?cursor=not-a-cursor', operatorA).expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'cursor: invalid cursor' });
      await api.get('/v1/incidents?limit=0', operatorA).expect(400);
      await api.get('/v1/incidents?sort=asc', operatorA).expect(400);
    });
  });

  describe('one incident', () => {
    let incidentId: string;

    beforeAll(async () => {
      incidentId = await incidentFor('Zhao Gang');
    });

    it('gets an incident with its timeline', async () => {
      const res = await api.get(`/v1/incidents/${incidentId}`, operatorA).expect(200);
      const detail = res.body as IncidentDetail;
      expect(detail).toMatchObject({ id: incidentId, status: 'open', resident: { fullName: 'Zhao Gang' } });
      expect(detail.timeline).toEqual([{ at: expect.any(String), kind: 'press', data: expect.any(Object) }]);
    });

    it('404 for an unknown incident, 400 for a malformed id', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const path of ['', '/acknowledge', '/resolve', '/cancel', '/notes']) {
        const method = path ? 'post' : 'get';
        const body = path === '/resolve' ? { outcome: 'assisted' } : path === '/notes' ? { text: 'x' } : path ? {} : undefined;
        const res =
          method === 'get' ? await api.get(`/v1/incidents/${unknown}`, operatorA) : await api.post(`/v1/incidents/${unknown}${path}`, body, operatorA);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
      await api.get('/v1/incidents/12345', operatorA).expect(400);
      await api.post('/v1/incidents/12345/acknowledge', {}, operatorA).expect(400);
    });

    it('acknowledges: status, who and when, and a timeline entry with the actor', async () => {
      const res = await api.post(`/v1/incidents/${incidentId}/acknowledge`, undefined, operatorA).expect(200);
      const view = res.body as IncidentView;
      expect(view).toMatchObject({ id: incidentId, status: 'acknowledged', acknowledgedBy: { username: 'op.alice' }, version: 2 });
      expect(Date.parse(view.acknowledgedAt!)).toBeGreaterThan(Date.now() - 10_000);
      const detail = (await api.get(`/v1/incidents/${incidentId}`, operatorA).expect(200)).body as IncidentDetail;
      expect(detail.timeline.map((e) => e.kind)).toEqual(['press', 'acknowledged']);
      expect(detail.timeline[1]).toMatchObject({ actor: { username: 'op.alice' }, data: { from: 'open', to: 'acknowledged' } });
    });

    it('refuses a second acknowledgement, naming who took the call', async () => {
      const res = await api.post(`/v1/incidents/${incidentId}/acknowledge`, undefined, operatorB).expect(409);
      expect(res.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        reason: 'already_acknowledged',
        by: 'op.alice',
        message: 'already acknowledged by op.alice',
      });
    });

    it('adds notes (201), which land in the timeline', async () => {
      const res = await api.post(`/v1/incidents/${incidentId}/notes`, { text: 'Daughter is on her way' }, operatorB).expect(201);
      const last = (res.body as IncidentDetail).timeline.at(-1);
      expect(last).toMatchObject({ kind: 'note', actor: { username: 'op.bob' }, data: { text: 'Daughter is on her way' } });
      await api.post(`/v1/incidents/${incidentId}/notes`, { text: '' }, operatorB).expect(400);
      await api.post(`/v1/incidents/${incidentId}/notes`, { text: 'x', colour: 'red' }, operatorB).expect(400);
    });

    it('resolves with an outcome; resolving again is 409, as is anything else on a closed incident', async () => {
      await api.post(`/v1/incidents/${incidentId}/resolve`, { outcome: 'sideways' }, operatorA).expect(400);
      const res = await api.post(`/v1/incidents/${incidentId}/resolve`, { outcome: 'assisted', note: 'Helped up' }, operatorA).expect(200);
      expect(res.body).toMatchObject({ status: 'resolved', outcome: 'assisted', resolvedAt: expect.any(String), version: 3 });
      const again = await api.post(`/v1/incidents/${incidentId}/resolve`, { outcome: 'other' }, operatorB).expect(409);
      expect(again.body.message).toBe('the incident is resolved');
      await api.post(`/v1/incidents/${incidentId}/cancel`, {}, operatorB).expect(409);
      await api.post(`/v1/incidents/${incidentId}/notes`, { text: 'late' }, operatorB).expect(409);
      const detail = (await api.get(`/v1/incidents/${incidentId}`, operatorA).expect(200)).body as IncidentDetail;
      // The resolve, then the follow-up call it schedules (an SOS), in the same transaction.
      expect(detail.timeline.slice(-2)).toMatchObject([
        { kind: 'resolved', data: { outcome: 'assisted', note: 'Helped up' } },
        { kind: 'follow_up_scheduled', data: { followUpId: expect.any(String), dueAt: expect.any(String) } },
      ]);
    });

    it('cancels an open incident (with or without a body), closing it', async () => {
      const other = await incidentFor('Sun Li');
      const res = await api.post(`/v1/incidents/${other}/cancel`, undefined, supervisor).expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', resolvedAt: expect.any(String) });
      expect(res.body.acknowledgedBy).toBeUndefined();
      const withNote = await incidentFor('Zhou Mei');
      await api.post(`/v1/incidents/${withNote}/cancel`, { note: 'pressed while cleaning' }, operatorA).expect(200);
      await api.post(`/v1/incidents/${withNote}/acknowledge`, undefined, operatorA).expect(409);
    });

    it('acknowledges a dispatched incident without moving it backwards', async () => {
      const dispatched = await incidentFor('Qian Hua');
      await db.query(`UPDATE incidents SET status = 'dispatched' WHERE id = $1`, [dispatched]);
      const res = await api.post(`/v1/incidents/${dispatched}/acknowledge`, undefined, operatorB).expect(200);
      expect(res.body).toMatchObject({ status: 'dispatched', acknowledgedBy: { username: 'op.bob' } });
    });
  });

  it('two operators acknowledging at once: exactly one wins, the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const incidentId = await incidentFor(`Race ${round}`);
      const results = await Promise.all([operatorA, operatorB].map((token) => api.post(`/v1/incidents/${incidentId}/acknowledge`, undefined, token)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!.body as IncidentView;
      const loser = results.find((r) => r.status === 409)!.body as { message: string };
      expect(loser.message).toBe(`already acknowledged by ${winner.acknowledgedBy!.username}`);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND kind = 'acknowledged'`, [incidentId]);
      expect(rows[0].n).toBe(1);
    }
  });
});
