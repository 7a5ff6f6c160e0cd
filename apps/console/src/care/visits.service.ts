import type { AuthUser } from '@app/auth';
import type { CareService, CareServicesInput, Visit, VisitInput } from '@app/contracts';
import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { cursorRows } from '../common/csv';
import { DistrictScopes, isInDistrictScope } from '../common/district-scope';

/** Postgres exclusion_violation: the visit overlaps another of the same responder (care_visits_no_overlap). */
const EXCLUSION_VIOLATION = '23P01';

const VISIT_VIEW = `json_strip_nulls(json_build_object(
  'id', v.id, 'residentId', v.resident_id,
  'responder', json_build_object('id', p.id, 'fullName', p.full_name, 'role', p.role),
  'startedAt', hk_iso(v.started_at), 'endedAt', hk_iso(v.ended_at),
  'hours', round(extract(epoch FROM v.ended_at - v.started_at) / 3600, 2),
  'services', v.services, 'note', v.note, 'visitRequestId', v.visit_request_id,
  'recordedBy', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'username', u.username) END))`;
const VISIT_FROM = `care_visits v JOIN responders p ON p.id = v.responder_id LEFT JOIN users u ON u.id = v.recorded_by`;

/** Visits listed without a range: the last 31 days. */
const DEFAULT_RANGE_MS = 31 * 86_400_000;

/**
 * Care visits: a responder records its own, for the residents whose care team it is on (or
 * a visit request of theirs); operators, supervisors and admins record anyone's, naming the
 * responder. Overlapping visits of one responder are refused by the database itself.
 */
@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scopes: DistrictScopes,
  ) {}

  async record(user: AuthUser, input: VisitInput): Promise<Visit> {
    const responderId = this.responderFor(user, input);
    const resident = await this.resident(input.residentId);
    if (user.role === 'responder') {
      if (!(await this.looksAfter(responderId, input.residentId, input.visitRequestId))) {
        throw new ForbiddenException('you are not on this resident’s care team');
      }
    } else if (!isInDistrictScope(await this.scopes.forUser(user), resident.district)) {
      throw new NotFoundException(`no resident ${input.residentId}`);
    }
    await this.checkServices(input.services);
    try {
      const id = await this.dataSource.transaction(async (tx) => {
        const active: unknown[] = await tx.query(`SELECT 1 FROM responders WHERE id = $1 AND active`, [responderId]);
        if (!active.length) throw new BadRequestException(`responderId: no active responder ${responderId}`);
        const [row]: { id: string }[] = await tx.query(
          `INSERT INTO care_visits (resident_id, responder_id, started_at, ended_at, services, note, recorded_by, visit_request_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [input.residentId, responderId, input.startedAt, input.endedAt, input.services, input.note ?? null, user.id, input.visitRequestId ?? null],
        );
        if (input.visitRequestId) await this.answerRequest(tx, input.visitRequestId, input.residentId, row!.id);
        return row!.id;
      });
      return (await this.visits(`v.id = $1`, [id]))[0]!;
    } catch (error) {
      const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
      if (code === EXCLUSION_VIOLATION) throw new ConflictException('the visit overlaps another visit of the same responder');
      throw error;
    }
  }

  async ofResident(user: AuthUser, residentId: string, range: { from?: string; to?: string }): Promise<Visit[]> {
    await this.visibleResident(user, residentId);
    return this.visits(`v.resident_id = $1 AND v.ended_at > $2 AND v.started_at < $3`, [residentId, ...rangeOf(range)]);
  }

  /** Checked before the download starts (a refusal must be a 404, not a broken file), then streamed. */
  async streamOfResident(user: AuthUser, residentId: string, range: { from?: string; to?: string }): Promise<AsyncGenerator<Visit>> {
    await this.visibleResident(user, residentId);
    return this.streamVisits(residentId, range);
  }

  private async *streamVisits(residentId: string, range: { from?: string; to?: string }): AsyncGenerator<Visit> {
    const sql = `SELECT ${VISIT_VIEW} AS view FROM ${VISIT_FROM} WHERE v.resident_id = $1 AND v.ended_at > $2 AND v.started_at < $3 ORDER BY v.started_at, v.id`;
    for await (const row of cursorRows<{ view: Visit }>(this.dataSource, sql, [residentId, ...rangeOf(range)])) yield row.view;
  }

  /** The responder's own visits (the phone view). */
  mine(user: AuthUser, range: { from?: string; to?: string }): Promise<Visit[]> {
    return this.visits(`v.responder_id = $1 AND v.ended_at > $2 AND v.started_at < $3`, [user.responderId, ...rangeOf(range)]);
  }

  /** The residents a responder looks after (its care teams), for the visit form. */
  async myResidents(user: AuthUser): Promise<{ id: string; fullName: string; address: string; phone?: string }[]> {
    const rows: { resident: { id: string; fullName: string; address: string; phone?: string } }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (r.full_name, r.id) json_strip_nulls(json_build_object('id', r.id, 'fullName', r.full_name, 'address', r.address, 'phone', r.phone)) AS resident
       FROM care_team ct JOIN residents r ON r.id = ct.resident_id WHERE ct.responder_id = $1 ORDER BY r.full_name, r.id`,
      [user.responderId],
    );
    return rows.map((r) => r.resident);
  }

  async services(includeRetired = false): Promise<CareService[]> {
    return this.dataSource.query(`SELECT code, label, active FROM care_services WHERE active OR $1 ORDER BY active DESC, position, code`, [includeRetired]);
  }

  /** Replaces the list: the given services are active in that order, every other one retired (old visits keep their codes). */
  async replaceServices(input: CareServicesInput): Promise<CareService[]> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE care_services SET active = false`);
      for (const [position, service] of input.services.entries()) {
        await tx.query(
          `INSERT INTO care_services (code, label, active, position) VALUES ($1, $2, true, $3)
           ON CONFLICT (code) DO UPDATE SET label = EXCLUDED.label, active = true, position = EXCLUDED.position`,
          [service.code, service.label, position + 1],
        );
      }
    });
    return this.services(true);
  }

  private responderFor(user: AuthUser, input: VisitInput): string {
    if (user.role === 'responder') {
      if (input.responderId && input.responderId !== user.responderId) throw new ForbiddenException('a responder records only its own visits');
      if (!user.responderId) throw new ForbiddenException('this account is not linked to a responder');
      return user.responderId;
    }
    if (!input.responderId) throw new BadRequestException('responderId: required when recording a visit for a responder');
    return input.responderId;
  }

  private async resident(id: string): Promise<{ district: string | null }> {
    const rows: { district: string | null }[] = await this.dataSource.query(`SELECT district FROM residents WHERE id = $1`, [id]);
    if (!rows[0]) throw new NotFoundException(`no resident ${id}`);
    return rows[0];
  }

  private async visibleResident(user: AuthUser, id: string): Promise<void> {
    const resident = await this.resident(id);
    if (!isInDistrictScope(await this.scopes.forUser(user), resident.district)) throw new NotFoundException(`no resident ${id}`);
  }

  private async looksAfter(responderId: string, residentId: string, visitRequestId?: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM care_team WHERE resident_id = $1 AND responder_id = $2
       UNION ALL SELECT 1 FROM visit_requests WHERE id = $3::uuid AND resident_id = $1 AND status = 'open'`,
      [residentId, responderId, visitRequestId ?? null],
    );
    return rows.length > 0;
  }

  private async checkServices(codes: string[]): Promise<void> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM care_services WHERE active AND code = ANY($1)`, [codes]);
    const known = new Set(rows.map((r) => r.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) throw new BadRequestException(`services: not on the list of services: ${unknown.join(', ')}`);
  }

  private async answerRequest(tx: EntityManager, requestId: string, residentId: string, visitId: string): Promise<void> {
    const [rows]: [unknown[], number] = await tx.query(
      `UPDATE visit_requests SET status = 'done', visit_id = $3, done_at = now() WHERE id = $1 AND resident_id = $2 AND status = 'open' RETURNING id`,
      [requestId, residentId, visitId],
    );
    if (!rows.length) throw new ConflictException('visitRequestId: no open visit request of this resident');
  }

  private async visits(where: string, params: unknown[]): Promise<Visit[]> {
    const rows: { view: Visit }[] = await this.dataSource.query(
      `SELECT ${VISIT_VIEW} AS view FROM ${VISIT_FROM} WHERE ${where} ORDER BY v.started_at, v.id LIMIT 1000`,
      params,
    );
    return rows.map((r) => r.view);
  }
}

function rangeOf(range: { from?: string; to?: string }): [string, string] {
  const to = range.to ?? new Date(Date.now() + 86_400_000).toISOString();
  const from = range.from ?? new Date(Date.parse(to) - DEFAULT_RANGE_MS).toISOString();
  return [from, to];
}
