import type {
  AlarmProtocol,
  IncidentChecklists,
  IncidentDetail,
  IncidentHistory,
  IncidentSearchItem,
  IncidentView,
  Page,
  ShiftHandover,
  ShiftMember,
} from '@app/contracts';
import { Client } from 'pg';
import { ConsoleClient, connectConsole, insertIncident, insertResidentWithDevice, type RunningConsole, startConsole } from '../support/console-client';
import { eventually } from '../support/dispatch-world';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/** The centre's pages beyond the live queue: history and search, protocols, emergency calls, shift work, reports, settings. */
describe('centre pages REST', () => {
  let env: SuiteEnvironment;
  let consoleApp: RunningConsole;
  let api: ConsoleClient;
  let db: Client;
  let admin: string;
  let operator: string;
  let eastOperator: string;
  let colleague: string;
  let supervisor: string;
  const userId = async (username: string) => (await db.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [username])).rows[0]!.id;

  /** A resident of a district with a phone, and incidents opened at the given times (closed ones with an outcome). */
  const residentIn = async (name: string, district: string, phone: string) => {
    const at = await insertResidentWithDevice(db, name);
    await db.query(`UPDATE residents SET district = $2, phone = $3 WHERE id = $1`, [at.residentId, district, phone]);
    return at;
  };
  const closedIncident = async (at: { residentId: string; serial: string }, openedAt: Date, outcome: string, note: string) => {
    const id = await insertIncident(db, { ...at, openedAt, type: 'fall' });
    await db.query(`UPDATE incidents SET status = 'resolved', outcome = $2, resolved_at = $3 WHERE id = $1`, [
      id,
      outcome,
      new Date(openedAt.getTime() + 600_000),
    ]);
    await db.query(`INSERT INTO incident_events (incident_id, kind, data) VALUES ($1, 'resolved', $2)`, [id, JSON.stringify({ outcome, note })]);
    return id;
  };

  let east: { residentId: string; serial: string };
  let west: { residentId: string; serial: string };
  let pastFall: string;
  let westPast: string;
  let live: string;

  beforeAll(async () => {
    env = await createSuiteEnvironment('centre-pages');
    consoleApp = await startConsole(env.config);
    api = new ConsoleClient(consoleApp.url);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    admin = await api.login('admin', 'admin-password-1');
    operator = await api.userToken(admin, { username: 'op.centre', role: 'operator' });
    eastOperator = await api.userToken(admin, { username: 'op.east', role: 'operator' });
    colleague = await api.userToken(admin, { username: 'op.colleague', role: 'operator' });
    supervisor = await api.userToken(admin, { username: 'sup.centre', role: 'supervisor' });
    await db.query(`UPDATE users SET districts = '{东城区}' WHERE username = 'op.east'`);

    east = await residentIn('王秀英', '东城区', '138 0013 8000');
    west = await residentIn('Li Wei', '西城区', '139-0000-1111');
    pastFall = await closedIncident(east, new Date('2026-11-20T02:00:00Z'), 'assisted', 'helped up, no injury');
    westPast = await closedIncident(west, new Date('2026-11-21T02:00:00Z'), 'false_alarm', 'pressed while cleaning');
    live = await insertIncident(db, { ...east, type: 'sos' });
  });

  afterAll(async () => {
    await db?.end();
    await consoleApp?.app.close();
    await env?.destroy();
  });

  describe('history and search', () => {
    it("shows the resident's previous incidents with outcome and notes on an incident", async () => {
      const res = await api.get(`/v1/incidents/${live}/history`, operator).expect(200);
      expect((res.body as IncidentHistory).items).toEqual([
        expect.objectContaining({
          id: pastFall,
          type: 'fall',
          status: 'resolved',
          outcome: 'assisted',
          notes: ['helped up, no injury'],
          openedAt: '2026-11-20T02:00:00.000Z',
        }),
      ]);
      await api.get(`/v1/incidents/00000000-0000-4000-8000-000000000000/history`, operator).expect(404);
      await api.get(`/v1/incidents/nope/history`, operator).expect(400);
    });

    it('finds resolved incidents by day range, district, type, outcome and resident (phone without spaces)', async () => {
      const search = async (query: string, token = operator) =>
        ((await api.get(`/v1/incident-search?${query}`, token).expect(200)).body as Page<IncidentSearchItem>).items.map((i) => i.id);
      expect(await search('state=closed')).toEqual([westPast, pastFall]);
      expect(await search('from=2026-11-20&to=2026-11-20')).toEqual([pastFall]);
      expect(await search('district=西城区')).toEqual([westPast]);
      expect(await search('outcome=false_alarm')).toEqual([westPast]);
      expect(await search('type=sos')).toEqual([live]);
      expect(await search(`resident=${encodeURIComponent('13800138000')}`)).toEqual([live, pastFall]);
      expect(await search(`resident=${encodeURIComponent('秀英')}&state=closed`)).toEqual([pastFall]);
      const first = (await api.get('/v1/incident-search?limit=1', operator).expect(200)).body as Page<IncidentSearchItem>;
      expect(first.items[0]).toMatchObject({ id: live, resident: { fullName: '王秀英', district: '东城区' } });
      const second = (await api.get(`/v1/incident-search?limit=1&cursor=${first.nextCursor}`, operator).expect(200)).body as Page<IncidentSearchItem>;
      expect(second.items.map((i) => i.id)).toEqual([westPast]);
    });

    it("keeps to the caller's districts, and refuses bad filters with 400", async () => {
      const found = (await api.get('/v1/incident-search', eastOperator).expect(200)).body as Page<IncidentSearchItem>;
      expect(found.items.map((i) => i.id).sort()).toEqual([live, pastFall].sort());
      await api.get(`/v1/incidents/${westPast}/history`, eastOperator).expect(404);
      for (const bad of ['from=yesterday', 'from=2026-11-21&to=2026-11-20', 'type=flood', 'outcome=fine', 'limit=0', 'colour=red', 'cursor=%25%25'])
        expect({ bad, status: (await api.get(`/v1/incident-search?${bad}`, operator)).status }).toEqual({ bad, status: 400 });
    });

    it('finds residents by a phone number typed without spaces (and with them)', async () => {
      for (const query of ['13800138000', '138 0013', '0013 8000']) {
        const res = await api.get(`/v1/residents?query=${encodeURIComponent(query)}`, admin).expect(200);
        expect({ query, names: res.body.map((r: { fullName: string }) => r.fullName) }).toEqual({ query, names: ['王秀英'] });
      }
    });
  });

  describe('protocols', () => {
    it('lists a checklist per kind; only admins replace one, validated', async () => {
      const list = (await api.get('/v1/protocols', operator).expect(200)).body as { items: AlarmProtocol[] };
      expect(list.items.map((p) => p.kind).sort()).toEqual(['fall', 'no_answer', 'sos', 'technical']);
      const steps = [
        { id: 'call-back', text: 'Call the resident back' },
        { id: 'ambulance', text: 'Call 120 if needed' },
      ];
      await api.put('/v1/protocols/sos', { steps }, operator).expect(403);
      await api.put('/v1/protocols/sos', { steps: [steps[0], steps[0]] }, admin).expect(400);
      await api.put('/v1/protocols/sos', { steps: [] }, admin).expect(400);
      await api.put('/v1/protocols/flood', { steps }, admin).expect(400);
      const saved = (await api.put('/v1/protocols/sos', { steps }, admin).expect(200)).body as AlarmProtocol;
      expect(saved).toMatchObject({ kind: 'sos', steps });
    });

    it('ticks a step off on the incident, once, in the timeline; refused once closed', async () => {
      const before = (await api.get(`/v1/incidents/${live}/protocols`, operator).expect(200)).body as IncidentChecklists;
      expect(before.items.map((c) => c.kind)).toEqual(['sos', 'no_answer']);
      expect(before.items[0]!.steps.every((s) => !s.done)).toBe(true);
      const socket = await connectConsole(consoleApp.url, operator);
      const pushed: IncidentView[] = [];
      socket.on('incident.updated', (v: IncidentView) => pushed.push(v));
      try {
        const ticked = (await api.post(`/v1/incidents/${live}/protocols`, { kind: 'sos', stepId: 'ambulance' }, operator).expect(200))
          .body as IncidentChecklists;
        expect(ticked.items[0]!.steps.find((s) => s.id === 'ambulance')!.done).toEqual({ at: expect.any(String), by: 'op.centre' });
        await api.post(`/v1/incidents/${live}/protocols`, { kind: 'sos', stepId: 'ambulance' }, operator).expect(200);
        await eventually(() => pushed.some((v) => v.id === live), 5000, 'incident.updated after a tick');
      } finally {
        socket.close();
      }
      await api.post(`/v1/incidents/${live}/protocols`, { kind: 'sos', stepId: 'no-such-step' }, operator).expect(404);
      await api.post(`/v1/incidents/${live}/protocols`, { kind: 'technical', stepId: 'call-back' }, operator).expect(404);
      await api.post(`/v1/incidents/${live}/protocols`, { kind: 'sos' }, operator).expect(400);
      const detail = (await api.get(`/v1/incidents/${live}`, operator).expect(200)).body as IncidentDetail;
      expect(detail.timeline.filter((e) => e.kind === 'protocol_step_done')).toEqual([
        expect.objectContaining({
          actor: expect.objectContaining({ username: 'op.centre' }),
          data: { protocol: 'sos', stepId: 'ambulance', text: 'Call 120 if needed' },
        }),
      ]);
      await api.post(`/v1/incidents/${pastFall}/protocols`, { kind: 'fall', stepId: 'call-back' }, operator).expect(409);
    });
  });

  describe('emergency services', () => {
    it('records "120 called" with time and reference in the timeline; bad input 400, closed 409', async () => {
      await api.post(`/v1/incidents/${live}/emergency-calls`, { service: '120', reference: 'BJ-2026-0042' }, operator).expect(201);
      await api.post(`/v1/incidents/${live}/emergency-calls`, { service: '999' }, operator).expect(400);
      await api.post(`/v1/incidents/${live}/emergency-calls`, { service: '110', reference: '' }, operator).expect(400);
      await api.post(`/v1/incidents/${pastFall}/emergency-calls`, { service: '120' }, operator).expect(409);
      const detail = (await api.get(`/v1/incidents/${live}`, operator).expect(200)).body as IncidentDetail;
      expect(detail.timeline.filter((e) => e.kind === 'emergency_called')).toEqual([
        expect.objectContaining({ data: { service: '120', reference: 'BJ-2026-0042', calledAt: expect.any(String) } }),
      ]);
      const audit = await db.query(`SELECT entity_id FROM audit_log WHERE action = 'incident.emergency_call'`);
      expect(audit.rows).toEqual([{ entity_id: live }]);
    });
  });

  describe('shift work', () => {
    it('hands an incident to a colleague: in their "my incidents", in the timeline', async () => {
      await api.post(`/v1/incidents/${live}/acknowledge`, {}, operator).expect(200);
      const mine = async (token: string) =>
        ((await api.get('/v1/shift/my-incidents', token).expect(200)).body as { items: IncidentView[] }).items.map((v) => v.id);
      expect(await mine(operator)).toEqual([live]);
      const colleagueId = await userId('op.colleague');
      await api.post(`/v1/incidents/${live}/hand-over`, { toUserId: await userId('op.centre') }, operator).expect(400);
      await api.post(`/v1/incidents/${live}/hand-over`, { toUserId: '00000000-0000-4000-8000-000000000000' }, operator).expect(400);
      await api.post(`/v1/incidents/${live}/hand-over`, { toUserId: colleagueId, note: 'daughter is on her way' }, operator).expect(200);
      expect(await mine(operator)).toEqual([]);
      expect(await mine(colleague)).toEqual([live]);
      const detail = (await api.get(`/v1/incidents/${live}`, operator).expect(200)).body as IncidentDetail;
      expect(detail.timeline.filter((e) => e.kind === 'handed_over')).toEqual([
        expect.objectContaining({ data: { toUserId: colleagueId, to: 'op.colleague', text: 'daughter is on her way' } }),
      ]);
      await api.post(`/v1/incidents/${pastFall}/hand-over`, { toUserId: colleagueId }, operator).expect(409);
    });

    it('shows who is on shift (a console connected) and keeps hand-over notes', async () => {
      const socket = await connectConsole(consoleApp.url, colleague);
      try {
        const members = ((await api.get('/v1/shift/members', operator).expect(200)).body as { items: ShiftMember[] }).items;
        expect(members.find((m) => m.username === 'op.colleague')).toMatchObject({ connected: true, role: 'operator' });
        expect(members.find((m) => m.username === 'op.east')).toMatchObject({ connected: false });
      } finally {
        socket.close();
      }
      await api.post('/v1/shift/handovers', { text: '  ' }, operator).expect(400);
      await api.post('/v1/shift/handovers', { text: 'Room 302 resident: call at 7 am' }, operator).expect(201);
      const notes = ((await api.get('/v1/shift/handovers', supervisor).expect(200)).body as { items: ShiftHandover[] }).items;
      expect(notes).toEqual([expect.objectContaining({ text: 'Room 302 resident: call at 7 am', author: expect.objectContaining({ username: 'op.centre' }) })]);
    });
  });

  describe('reports and settings', () => {
    it('exports a CSV per district and per operator (BOM, header), for supervisors and admins', async () => {
      const res = await api.get('/v1/reports/incidents.csv?from=2026-11-01&to=2026-11-30&by=district', supervisor).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      const text = res.text;
      expect(text.startsWith('\uFEFFgroup,incidents,sos,fall,technical,resolved,cancelled,false_alarms,escalated,')).toBe(true);
      expect(text.split('\r\n').slice(1, 3)).toEqual(['东城区,1,0,1,0,1,0,0,0,,600', '西城区,1,0,1,0,1,0,1,0,,600']);
      const byOperator = await api.get('/v1/reports/incidents.csv?from=2026-11-01&to=2026-11-30&by=operator', admin).expect(200);
      expect(byOperator.text.split('\r\n')[1]).toBe(',2,0,2,0,2,0,1,0,,600');
      await api.get('/v1/reports/incidents.csv?from=2026-11-01&to=2026-11-30', operator).expect(403);
      await api.get('/v1/reports/incidents.csv?from=2026-11-30&to=2026-11-01', admin).expect(400);
    });

    it('tells the web app there is no tile server by default', async () => {
      expect((await api.get('/v1/centre/settings', operator).expect(200)).body).toEqual({});
    });
  });
});
