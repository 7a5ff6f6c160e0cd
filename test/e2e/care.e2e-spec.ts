import type { AlarmPattern, CareHoursReport, FollowUp, IncidentDetail, Visit, VisitRequest } from '@app/contracts';
import { Client } from 'pg';
import { ConsoleClient, insertIncident, insertResidentWithDevice, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/**
 * The care model end to end against a real console and Postgres: follow-up calls after an
 * emergency, visit requests, carers' visits and the weekly hours, alarm patterns, CSV exports,
 * and the district filter over all of them.
 */
describe('care model: follow-ups, visits, care hours, patterns, exports', () => {
  let env: SuiteEnvironment;
  let consoleApp: RunningConsole;
  let api: ConsoleClient;
  let db: Client;
  let admin: string;
  let operator: string;
  let eastOperator: string;
  let carerA: { id: string; token: string };
  let carerB: { id: string; token: string };
  let wang: { residentId: string; serial: string };
  let li: { residentId: string; serial: string };
  let zhao: { residentId: string; serial: string };

  const responder = async (username: string, fullName: string) => {
    const res = await api.post('/v1/responders', { fullName, role: 'carer', phone: '+86 138 0000 0001' }, admin).expect(201);
    const id = (res.body as { id: string }).id;
    return { id, token: await api.userToken(admin, { username, role: 'responder', responderId: id }) };
  };
  const resident = async (fullName: string, district: string, target: number | null) => {
    const at = await insertResidentWithDevice(db, fullName);
    await db.query(`UPDATE residents SET district = $2, weekly_care_hours_target = $3, phone = '+86 139 1234 5678' WHERE id = $1`, [
      at.residentId,
      district,
      target,
    ]);
    return at;
  };
  const resolvedEmergency = async (at: { residentId: string; serial: string }, note?: string) => {
    const incidentId = await insertIncident(db, at);
    await api.post(`/v1/incidents/${incidentId}/resolve`, { outcome: 'assisted', ...(note ? { note } : {}) }, operator).expect(200);
    return incidentId;
  };
  const dueFollowUps = async (token = operator, query = '') =>
    ((await api.get(`/v1/follow-ups?status=due${query}`, token).expect(200)).body as { items: FollowUp[] }).items;
  const csv = async (path: string, token: string) => {
    const res = await fetch(`${consoleApp.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      bytes,
      lines: bytes
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n'),
    };
  };

  beforeAll(async () => {
    env = await createSuiteEnvironment('care');
    consoleApp = await startConsole(env.config);
    api = new ConsoleClient(consoleApp.url);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    admin = await api.login('admin', 'admin-password-1');
    operator = await api.userToken(admin, { username: 'op.care', role: 'operator' });
    const east = await api.post('/v1/users', { username: 'op.east', role: 'operator', password: 'pw-op-east-0123456789' }, admin).expect(201);
    await api.patch(`/v1/users/${(east.body as { id: string }).id}`, { districts: ['东区'] }, admin).expect(200);
    eastOperator = await api.login('op.east', 'pw-op-east-0123456789');
    carerA = await responder('carer.a', '刘护工');
    carerB = await responder('carer.b', '陈护工');
    wang = await resident('王秀英', '西区', 6);
    li = await resident('李建国', '西区', 6);
    zhao = await resident('赵明', '东区', null);
    await api.put(`/v1/residents/${wang.residentId}/care-team`, { carerId: carerA.id }, admin).expect(200);
  });

  afterAll(async () => {
    await db?.end();
    await consoleApp?.app.close();
    await env?.destroy();
  });

  describe('follow-up calls', () => {
    let incidentId: string;
    let followUp: FollowUp;

    beforeAll(async () => {
      incidentId = await resolvedEmergency(wang, 'helped back to bed');
      followUp = (await dueFollowUps()).find((f) => f.incidentId === incidentId)!;
    });

    it('resolving an sos incident schedules a follow-up FOLLOW_UP_AFTER_H later, in the timeline', async () => {
      expect(followUp).toMatchObject({
        status: 'due',
        overdue: false,
        resident: { id: wang.residentId, fullName: '王秀英', phone: '+86 139 1234 5678', district: '西区' },
        incident: { type: 'sos', outcome: 'assisted', pressCount: 1, resolutionNote: 'helped back to bed' },
      });
      const hoursAhead = (Date.parse(followUp.dueAt) - Date.now()) / 3600_000;
      expect(hoursAhead).toBeGreaterThan(23);
      expect(hoursAhead).toBeLessThanOrEqual(24);
      const detail = (await api.get(`/v1/incidents/${incidentId}`, operator).expect(200)).body as IncidentDetail;
      expect(detail.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['resolved', 'follow_up_scheduled']));
    });

    it('a technical incident gets no follow-up, a cancelled one neither', async () => {
      const battery = await insertIncident(db, { ...li, type: 'low_battery' });
      await api.post(`/v1/incidents/${battery}/resolve`, { outcome: 'other' }, operator).expect(200);
      const cancelled = await insertIncident(db, li);
      await api.post(`/v1/incidents/${cancelled}/cancel`, {}, operator).expect(200);
      const ids = (await dueFollowUps()).map((f) => f.incidentId);
      expect(ids).not.toContain(battery);
      expect(ids).not.toContain(cancelled);
    });

    it('completing records the call once: again is 409; bad input is 400 and changes nothing', async () => {
      await api.post(`/v1/follow-ups/${followUp.id}/complete`, { outcome: 'fine' }, operator).expect(400);
      await api.post(`/v1/follow-ups/${followUp.id}/complete`, { outcome: 'well', satisfaction: 6 }, operator).expect(400);
      const done = await api
        .post(`/v1/follow-ups/${followUp.id}/complete`, { outcome: 'well', satisfaction: 5, note: '=HYPERLINK("x")' }, operator)
        .expect(200);
      expect(done.body).toMatchObject({ id: followUp.id, status: 'done', outcome: 'well', satisfaction: 5, doneBy: { username: 'op.care' } });
      const again = await api.post(`/v1/follow-ups/${followUp.id}/complete`, { outcome: 'other' }, operator).expect(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      expect((await dueFollowUps()).map((f) => f.id)).not.toContain(followUp.id);
      const detail = (await api.get(`/v1/incidents/${incidentId}`, operator).expect(200)).body as IncidentDetail;
      expect(detail.timeline.filter((e) => e.kind === 'follow_up_completed')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ outcome: 'well', satisfaction: 5 }) }),
      ]);
      await api.post('/v1/follow-ups/00000000-0000-4000-8000-000000000000/complete', { outcome: 'well' }, operator).expect(404);
    });

    it('needs_visit opens a visit request for the care team, on the carer’s phone and for operators', async () => {
      const second = await resolvedEmergency(wang);
      const due = (await dueFollowUps()).find((f) => f.incidentId === second)!;
      const res = await api.post(`/v1/follow-ups/${due.id}/complete`, { outcome: 'needs_visit', note: '需要上门查看' }, operator).expect(200);
      const visitRequestId = (res.body as { visitRequestId: string }).visitRequestId;
      expect(visitRequestId).toEqual(expect.any(String));
      const forOperators = (await api.get('/v1/visit-requests', operator).expect(200)).body as { items: VisitRequest[] };
      expect(forOperators.items).toEqual([
        expect.objectContaining({ id: visitRequestId, status: 'open', note: '需要上门查看', resident: expect.objectContaining({ fullName: '王秀英' }) }),
      ]);
      const forCarerA = (await api.get('/v1/visit-requests/mine', carerA.token).expect(200)).body as { items: VisitRequest[] };
      expect(forCarerA.items.map((q) => q.id)).toEqual([visitRequestId]);
      const forCarerB = (await api.get('/v1/visit-requests/mine', carerB.token).expect(200)).body as { items: VisitRequest[] };
      expect(forCarerB.items).toEqual([]);
      const detail = (await api.get(`/v1/incidents/${second}`, operator).expect(200)).body as IncidentDetail;
      expect(detail.timeline.map((e) => e.kind)).toContain('visit_requested');

      // The carer's visit answers the request.
      await api
        .post(
          '/v1/visits',
          { residentId: wang.residentId, startedAt: '2026-11-25T01:00:00.000Z', endedAt: '2026-11-25T02:00:00.000Z', services: ['company'], visitRequestId },
          carerA.token,
        )
        .expect(201);
      expect(((await api.get('/v1/visit-requests', operator).expect(200)).body as { items: VisitRequest[] }).items).toEqual([]);
    });

    it('an operator of another district sees none of them and cannot ask for them', async () => {
      await resolvedEmergency(zhao);
      const east = await dueFollowUps(eastOperator);
      expect(east.map((f) => f.resident.fullName)).toEqual(['赵明']);
      await api.get('/v1/follow-ups?status=due&district=西区', eastOperator).expect(403);
      expect((await dueFollowUps(operator, '&district=东区')).map((f) => f.resident.fullName)).toEqual(['赵明']);
      const westOne = (await dueFollowUps(operator, '&district=西区'))[0];
      if (westOne) await api.post(`/v1/follow-ups/${westOne.id}/complete`, { outcome: 'well' }, eastOperator).expect(404);
    });

    it('exports follow-ups as CSV: BOM, header row, Chinese text, formulas escaped', async () => {
      const file = await csv('/v1/follow-ups/export.csv?status=done', operator);
      expect(file.status).toBe(200);
      expect(file.type).toMatch(/^text\/csv; charset=utf-8/);
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(file.lines[0]).toContain('居民 Resident,电话 Phone,辖区 District');
      const row = file.lines.find((l) => l.includes('op.care') && l.includes('well'))!;
      expect(row).toContain('王秀英');
      expect(row).toContain(`"'=HYPERLINK(""x"")"`);
      const east = await csv('/v1/follow-ups/export.csv?status=due', eastOperator);
      expect(east.lines.slice(1).every((l) => l.includes('赵明'))).toBe(true);
      expect(east.lines).toHaveLength(2);
    });
  });

  describe('visits and care hours', () => {
    // Week 2026-W48 runs from Monday 23 November, 00:00 in Asia/Shanghai (22 November 16:00 UTC).
    const visit = (residentId: string, startedAt: string, endedAt: string, extra: object = {}) => ({
      residentId,
      startedAt,
      endedAt,
      services: ['meals', 'cleaning'],
      ...extra,
    });

    it('a carer records its own visit; it counts in the week’s hours', async () => {
      const res = await api
        .post('/v1/visits', visit(wang.residentId, '2026-11-24T02:00:00.000Z', '2026-11-24T04:30:00.000Z', { note: '做饭、打扫' }), carerA.token)
        .expect(201);
      expect(res.body).toMatchObject({
        residentId: wang.residentId,
        responder: { id: carerA.id, fullName: '刘护工' },
        hours: 2.5,
        services: ['meals', 'cleaning'],
      });
      const listed = (await api.get(`/v1/residents/${wang.residentId}/visits?from=2026-11-22T00:00:00.000Z&to=2026-11-30T00:00:00.000Z`, operator).expect(200))
        .body as { items: Visit[] };
      expect(listed.items.map((v) => v.hours)).toEqual([2.5, 1]);
      const report = (await api.get('/v1/reports/care-hours?week=2026-W48', operator).expect(200)).body as CareHoursReport;
      expect(report).toMatchObject({ week: '2026-W48', from: '2026-11-22T16:00:00.000Z', to: '2026-11-29T16:00:00.000Z' });
      expect(report.items.find((r) => r.resident.id === wang.residentId)).toMatchObject({ targetHours: 6, hours: 3.5, shortfallHours: 2.5 });
    });

    it('a responder cannot record a visit for another responder, nor for a resident it does not look after', async () => {
      await api
        .post('/v1/visits', visit(wang.residentId, '2026-11-26T02:00:00.000Z', '2026-11-26T03:00:00.000Z', { responderId: carerB.id }), carerA.token)
        .expect(403);
      await api.post('/v1/visits', visit(wang.residentId, '2026-11-26T02:00:00.000Z', '2026-11-26T03:00:00.000Z'), carerB.token).expect(403);
      // An operator records for anyone, naming the responder.
      await api.post('/v1/visits', visit(li.residentId, '2026-11-26T02:00:00.000Z', '2026-11-26T03:00:00.000Z'), operator).expect(400);
      const byOperator = await api
        .post('/v1/visits', visit(li.residentId, '2026-11-26T02:00:00.000Z', '2026-11-26T03:00:00.000Z', { responderId: carerB.id }), operator)
        .expect(201);
      expect(byOperator.body).toMatchObject({ responder: { id: carerB.id }, recordedBy: { username: 'op.care' } });
    });

    it('refuses visits that end before they start, last too long, end in the future, overlap, or name unknown services', async () => {
      const future = new Date(Date.now() + 3600_000).toISOString();
      const cases = [
        visit(wang.residentId, '2026-11-24T05:00:00.000Z', '2026-11-24T04:00:00.000Z'),
        visit(wang.residentId, '2026-11-20T00:00:00.000Z', '2026-11-20T13:00:00.000Z'),
        visit(wang.residentId, new Date(Date.now() - 60_000).toISOString(), future),
        { ...visit(wang.residentId, '2026-11-24T05:00:00.000Z', '2026-11-24T06:00:00.000Z'), services: ['juggling'] },
      ];
      for (const body of cases) await api.post('/v1/visits', body, carerA.token).expect(400);
      const overlap = await api.post('/v1/visits', visit(wang.residentId, '2026-11-24T04:00:00.000Z', '2026-11-24T05:00:00.000Z'), carerA.token).expect(409);
      expect(overlap.body.message).toContain('overlaps');
      // Back to back is not an overlap.
      await api.post('/v1/visits', visit(wang.residentId, '2026-11-24T04:30:00.000Z', '2026-11-24T05:00:00.000Z'), carerA.token).expect(201);
    });

    it('the care-hours report puts the biggest shortfall first and flags two weeks running below target', async () => {
      await api
        .post('/v1/visits', visit(zhao.residentId, '2026-11-27T02:00:00.000Z', '2026-11-27T03:00:00.000Z', { responderId: carerB.id }), operator)
        .expect(201);
      const report = (await api.get('/v1/reports/care-hours?week=2026-W48', admin).expect(200)).body as CareHoursReport;
      expect(report.items.map((r) => [r.resident.fullName, r.shortfallHours])).toEqual([
        ['李建国', 5],
        ['王秀英', 2],
        ['赵明', 0],
      ]);
      expect(report.items.map((r) => r.belowTargetTwoWeeks)).toEqual([true, true, false]);
      expect(report.items[2]!.targetHours).toBeUndefined();
      const east = (await api.get('/v1/reports/care-hours?week=2026-W48', eastOperator).expect(200)).body as CareHoursReport;
      expect(east.items.map((r) => r.resident.fullName)).toEqual(['赵明']);
      await api.get('/v1/reports/care-hours?week=2026-48', operator).expect(400);
      await api.get('/v1/reports/care-hours?week=2025-W53', operator).expect(400);
    });

    it('exports the care-hours report as CSV with its columns and Chinese names', async () => {
      const file = await csv('/v1/reports/care-hours/export.csv?week=2026-W48', operator);
      expect(file.status).toBe(200);
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(file.lines[0]!.split(',')).toEqual([
        '居民 Resident',
        '辖区 District',
        '目标(小时) Target hours',
        '服务(小时) Hours',
        '缺口(小时) Shortfall hours',
        '上周(小时) Previous week hours',
        '连续两周不足 Below target two weeks',
        '居民编号 Resident id',
      ]);
      expect(file.lines.slice(1).map((l) => l.split(',').slice(0, 5))).toEqual([
        ['李建国', '西区', '6', '1', '5'],
        ['王秀英', '西区', '6', '4', '2'],
        ['赵明', '东区', '', '1', '0'],
      ]);
      const visits = await csv(`/v1/residents/${wang.residentId}/visits/export.csv?from=2026-11-22T00:00:00.000Z&to=2026-11-30T00:00:00.000Z`, operator);
      expect(visits.lines).toHaveLength(4);
      expect(visits.lines[1]).toContain('刘护工');
      expect((await csv(`/v1/residents/${wang.residentId}/visits/export.csv`, eastOperator)).status).toBe(404);
    });

    it('admins edit the list of services; a retired one is refused for new visits', async () => {
      const services = [
        { code: 'meals', label: '助餐 Meals' },
        { code: 'haircut', label: '理发 Haircut' },
      ];
      await api.put('/v1/care-services', { services }, operator).expect(403);
      const res = await api.put('/v1/care-services', { services }, admin).expect(200);
      expect((res.body as { items: { code: string; active: boolean }[] }).items.filter((s) => s.active).map((s) => s.code)).toEqual(['meals', 'haircut']);
      const listed = (await api.get('/v1/care-services', carerA.token).expect(200)).body as { items: { code: string }[] };
      expect(listed.items.map((s) => s.code)).toEqual(['meals', 'haircut']);
      await api
        .post('/v1/visits', { ...visit(wang.residentId, '2026-11-28T02:00:00.000Z', '2026-11-28T03:00:00.000Z'), services: ['cleaning'] }, carerA.token)
        .expect(400);
      await api
        .post('/v1/visits', { ...visit(wang.residentId, '2026-11-28T02:00:00.000Z', '2026-11-28T03:00:00.000Z'), services: ['haircut'] }, carerA.token)
        .expect(201);
    });
  });

  describe('alarm patterns', () => {
    let rising: { residentId: string; serial: string };
    let steady: { residentId: string; serial: string };

    /** Closed emergency incidents `daysAgo` days back (closed, so they do not fold into one live incident). */
    const alarmsAt = async (at: { residentId: string; serial: string }, daysAgo: number[], outcome = 'assisted') => {
      for (const days of daysAgo) {
        const id = await insertIncident(db, { ...at, openedAt: new Date(Date.now() - days * 86_400_000) });
        await db.query(`UPDATE incidents SET status = 'resolved', outcome = $2, resolved_at = opened_at + interval '10 minutes' WHERE id = $1`, [id, outcome]);
      }
    };

    beforeAll(async () => {
      rising = await resident('孙丽 rising', '西区', null);
      steady = await resident('周平 steady', '西区', null);
      await alarmsAt(rising, [40]);
      await alarmsAt(rising, [1, 3, 5, 8, 12]);
      await alarmsAt(steady, [2, 16, 30, 44, 58, 72]);
      await alarmsAt(steady, [100, 120, 140], 'false_alarm');
    });

    it('flags a rising pattern and not a steady one; many false alarms get their own flag', async () => {
      const up = (await api.get(`/v1/residents/${rising.residentId}/alarm-pattern`, operator).expect(200)).body as AlarmPattern;
      expect(up).toMatchObject({ total: 6, last14Days: 5, previous60Days: 1, falseAlarms: 0, flags: ['rising'] });
      expect(up.byHour).toHaveLength(24);
      expect(up.byHour.reduce((a, b) => a + b, 0)).toBe(6);
      expect(up.months.reduce((a, m) => a + m.alarms, 0)).toBe(6);
      const flat = (await api.get(`/v1/residents/${steady.residentId}/alarm-pattern`, operator).expect(200)).body as AlarmPattern;
      expect(flat).toMatchObject({ total: 9, last14Days: 1, falseAlarms: 3, falseAlarmShare: 0.33, flags: [] });
      const quiet = (await api.get(`/v1/residents/${li.residentId}/alarm-pattern`, operator).expect(200)).body as AlarmPattern;
      expect(quiet.flags).toEqual([]);
      await api.get(`/v1/residents/${rising.residentId}/alarm-pattern`, eastOperator).expect(404);
    });

    it('the supervisor list holds the flagged residents only, and exports as CSV', async () => {
      const flagged = (await api.get('/v1/reports/alarm-patterns?flagged=true', operator).expect(200)).body as { items: AlarmPattern[] };
      expect(flagged.items.map((p) => p.resident.fullName)).toEqual(['孙丽 rising']);
      const all = (await api.get('/v1/reports/alarm-patterns', operator).expect(200)).body as { items: AlarmPattern[] };
      expect(all.items.map((p) => p.resident.fullName)).toEqual(expect.arrayContaining(['孙丽 rising', '周平 steady']));
      const file = await csv('/v1/reports/alarm-patterns/export.csv?flagged=true', operator);
      expect(file.lines).toHaveLength(2);
      expect(file.lines[1]).toMatch(/^孙丽 rising,西区,6,0,0,5,1,rising,/);
    });

    it('the supervisor’s care watch counts follow-ups and shows the flags', async () => {
      const watch = (await api.get('/v1/reports/care-watch', operator).expect(200)).body as {
        dueFollowUps: number;
        overdueFollowUps: number;
        flaggedPatterns: AlarmPattern[];
      };
      expect(watch.dueFollowUps).toBeGreaterThan(0);
      expect(watch.overdueFollowUps).toBe(0);
      expect(watch.flaggedPatterns.map((p) => p.resident.fullName)).toEqual(['孙丽 rising']);
      await db.query(`UPDATE follow_ups SET due_at = now() - interval '1 hour' WHERE status = 'due'`);
      const later = (await api.get('/v1/reports/care-watch', operator).expect(200)).body as { dueFollowUps: number; overdueFollowUps: number };
      expect(later.overdueFollowUps).toBe(later.dueFollowUps);
      expect((await dueFollowUps()).every((f) => f.overdue)).toBe(true);
    });
  });

  describe('audit', () => {
    it('records who recorded a visit, completed a follow-up, replaced the services, read, listed and exported care data, and for which resident', async () => {
      const since = (await db.query<{ max: string | null }>('SELECT max(id)::text AS max FROM audit_log')).rows[0]!.max ?? '0';
      const incidentId = await resolvedEmergency(zhao);
      const followUp = (await dueFollowUps()).find((f) => f.incidentId === incidentId)!;
      await api.post(`/v1/follow-ups/${followUp.id}/complete`, { outcome: 'well' }, operator).expect(200);
      const recorded = await api
        .post(
          '/v1/visits',
          {
            residentId: zhao.residentId,
            startedAt: '2026-11-29T02:00:00.000Z',
            endedAt: '2026-11-29T03:00:00.000Z',
            services: ['meals'],
            responderId: carerB.id,
          },
          operator,
        )
        .expect(201);
      const visit = recorded.body as Visit;
      await api.get(`/v1/residents/${zhao.residentId}/visits`, operator).expect(200);
      await api.get(`/v1/residents/${zhao.residentId}/alarm-pattern`, operator).expect(200);
      // The on-screen lists show the same personal data as their exports: each read is recorded with what it showed.
      const listed = async (path: string, token: string) =>
        ((await api.get(path, token).expect(200)).body as { items: { id: string }[] }).items.map((i) => i.id);
      expect(await listed('/v1/follow-ups?status=done', operator)).toContain(followUp.id);
      await listed('/v1/visit-requests', operator);
      expect(await listed('/v1/visits/mine', carerB.token)).toContain(visit.id);
      await listed('/v1/visit-requests/mine', carerB.token);
      expect(await listed('/v1/visits/my-residents', carerA.token)).toEqual([wang.residentId]);
      // The on-screen reports name residents by row: the record names them too.
      const residentsIn = async (path: string) =>
        ((await api.get(path, operator).expect(200)).body as { items: { resident: { id: string } }[] }).items.map((r) => r.resident.id).sort();
      const inCareHours = await residentsIn('/v1/reports/care-hours?week=2026-W48');
      const inPatterns = await residentsIn('/v1/reports/alarm-patterns');
      expect(inCareHours).toContain(zhao.residentId);
      expect(inPatterns).toContain(zhao.residentId);
      for (const path of [`/v1/residents/${zhao.residentId}/visits/export.csv`, '/v1/follow-ups/export.csv?status=done', '/v1/reports/care-hours/export.csv']) {
        expect((await csv(path, operator)).status).toBe(200);
      }
      const services = (await api.get('/v1/care-services', admin).expect(200)).body as { items: { code: string; label: string; active: boolean }[] };
      const active = services.items.filter((s) => s.active).map(({ code, label }) => ({ code, label }));
      await api.put('/v1/care-services', { services: active }, admin).expect(200);

      const { rows } = await db.query<{ actor_username: string; action: string; entity_type: string; entity_id: string | null; resident_ids: string[] }>(
        `SELECT actor_username, action, entity_type, entity_id, resident_ids::text[] AS resident_ids FROM audit_log WHERE id > $1 ORDER BY id`,
        [since],
      );
      const of = (action: string) => rows.filter((r) => r.action === action);
      const aboutZhao = { actor_username: 'op.care', resident_ids: [zhao.residentId] };
      expect(of('follow_up.complete')).toEqual([expect.objectContaining({ ...aboutZhao, entity_type: 'follow_up', entity_id: followUp.id })]);
      expect(of('visit.record')).toEqual([expect.objectContaining({ ...aboutZhao, entity_type: 'visit', entity_id: visit.id })]);
      for (const action of ['resident.visits', 'resident.alarm_pattern', 'resident.visits_export']) {
        expect(of(action)).toEqual([expect.objectContaining({ ...aboutZhao, entity_type: 'resident', entity_id: zhao.residentId })]);
      }
      expect(of('follow_up.export')).toEqual([expect.objectContaining({ actor_username: 'op.care', entity_type: 'follow_up' })]);
      // Two listings: the due list (dueFollowUps above) and the done one, which showed Zhao's.
      expect(of('follow_up.list')).toHaveLength(2);
      expect(of('follow_up.list')).toContainEqual(
        expect.objectContaining({ actor_username: 'op.care', entity_type: 'follow_up', resident_ids: expect.arrayContaining([zhao.residentId]) }),
      );
      expect(of('visit_request.list')).toEqual([expect.objectContaining({ actor_username: 'op.care', entity_type: 'visit_request' })]);
      expect(of('visit.list_mine')).toEqual([
        expect.objectContaining({ actor_username: 'carer.b', entity_type: 'visit', resident_ids: expect.arrayContaining([zhao.residentId]) }),
      ]);
      expect(of('visit_request.list_mine')).toEqual([expect.objectContaining({ actor_username: 'carer.b', entity_type: 'visit_request' })]);
      const residentsOf = (action: string) => of(action).map((r) => [...r.resident_ids].sort());
      expect(residentsOf('report.care_hours')).toEqual([inCareHours]);
      expect(residentsOf('report.alarm_patterns')).toEqual([inPatterns]);
      expect(of('resident.list_mine')).toEqual([
        expect.objectContaining({ actor_username: 'carer.a', entity_type: 'resident', resident_ids: [wang.residentId] }),
      ]);
      expect(of('report.care_hours_export')).toEqual([expect.objectContaining({ actor_username: 'op.care', entity_type: 'report' })]);
      expect(of('care_service.replace')).toEqual([expect.objectContaining({ actor_username: 'admin', entity_type: 'care_service' })]);

      // The audit page's question, "who saw this resident's data", finds the care rows too.
      const audit = (await api.get(`/v1/audit?residentId=${zhao.residentId}&limit=500`, admin).expect(200)).body as { items: { action: string }[] };
      expect(audit.items.map((e) => e.action)).toEqual(
        expect.arrayContaining([
          'follow_up.complete',
          'visit.record',
          'resident.visits',
          'resident.alarm_pattern',
          'resident.visits_export',
          'follow_up.list',
          'visit.list_mine',
        ]),
      );
    });
  });
});
