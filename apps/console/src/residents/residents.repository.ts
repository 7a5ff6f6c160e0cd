import type { CareTeam, Resident, ResidentInput, ResidentPatch } from '@app/contracts';
import { careTeamJson, type DistrictFilter, EVERY_DISTRICT, residentInScopeSql, residentJson, withAge } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../common/returned-rows';

type StoredResident = Omit<Resident, 'age'>;
type CareTeamSlot = keyof CareTeam;

/** Each field of the API and its column; the lists are jsonb. The only column names a PATCH can reach. */
const COLUMNS: Record<keyof ResidentInput, { column: string; json?: true }> = {
  fullName: { column: 'full_name' },
  dateOfBirth: { column: 'date_of_birth' },
  gender: { column: 'gender' },
  phone: { column: 'phone' },
  address: { column: 'address' },
  district: { column: 'district' },
  livingSituation: { column: 'living_situation' },
  medicalHistory: { column: 'medical_history', json: true },
  medications: { column: 'medications', json: true },
  allergies: { column: 'allergies', json: true },
  emergencyContacts: { column: 'emergency_contacts', json: true },
  accessNotes: { column: 'access_notes' },
  weeklyCareHoursTarget: { column: 'weekly_care_hours_target' },
};

function toParam(field: keyof ResidentInput, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return COLUMNS[field].json ? JSON.stringify(value) : value;
}

/** `%`, `_` and `\` typed by a user are searched for literally, not as wildcards. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class ResidentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: ResidentInput): Promise<Resident> {
    const fields = Object.keys(COLUMNS) as (keyof ResidentInput)[];
    const rows: { resident: StoredResident }[] = await this.dataSource.query(
      `INSERT INTO residents AS r (${fields.map((f) => COLUMNS[f].column).join(', ')})
       VALUES (${fields.map((f, i) => `$${i + 1}${COLUMNS[f].json ? '::jsonb' : ''}`).join(', ')})
       RETURNING ${residentJson('r')} AS resident`,
      fields.map((f) => toParam(f, input[f])),
    );
    return withAge(rows[0]!.resident);
  }

  /** Undefined as well for a resident outside the reader's districts. */
  async findById(id: string, scope: DistrictFilter = EVERY_DISTRICT): Promise<Resident | undefined> {
    const params: unknown[] = [id];
    const rows: { resident: StoredResident }[] = await this.dataSource.query(
      `SELECT ${residentJson('r')} AS resident FROM residents r WHERE r.id = $1 AND ${residentInScopeSql(scope, 'r', params)}`,
      params,
    );
    return rows[0] ? withAge(rows[0].resident) : undefined;
  }

  async exists(id: string, db: Pick<EntityManager, 'query'> = this.dataSource): Promise<boolean> {
    const rows: unknown[] = await db.query('SELECT 1 FROM residents WHERE id = $1', [id]);
    return rows.length === 1;
  }

  /** Sets the given fields (null clears one); undefined when there is no such resident. */
  async patch(id: string, patch: ResidentPatch): Promise<Resident | undefined> {
    const fields = (Object.keys(patch) as (keyof ResidentPatch)[]).filter((f) => patch[f] !== undefined);
    const assignments = fields.map((f, i) => `${COLUMNS[f].column} = $${i + 2}${COLUMNS[f].json ? '::jsonb' : ''}`);
    const result: unknown = await this.dataSource.query(
      `UPDATE residents AS r SET ${[...assignments, 'updated_at = now()'].join(', ')}
       WHERE r.id = $1 RETURNING ${residentJson('r')} AS resident`,
      [id, ...fields.map((f) => toParam(f, patch[f]))],
    );
    const updated = returnedRows<{ resident: StoredResident }>(result);
    return updated[0] ? withAge(updated[0].resident) : undefined;
  }

  /** Residents of the reader's districts whose name, phone or address contains the text; all of them without one. */
  async search(text: string | undefined, limit: number, scope: DistrictFilter): Promise<Resident[]> {
    const params: unknown[] = [text ? containsPattern(text) : null, limit];
    const rows: { resident: StoredResident }[] = await this.dataSource.query(
      `SELECT ${residentJson('r')} AS resident FROM residents r
       WHERE ($1::text IS NULL OR r.full_name ILIKE $1 OR r.phone ILIKE $1 OR r.address ILIKE $1) AND ${residentInScopeSql(scope, 'r', params)}
       ORDER BY r.full_name, r.id LIMIT $2`,
      params,
    );
    return rows.map((r) => withAge(r.resident));
  }

  async careTeam(residentId: string, db: Pick<EntityManager, 'query'> = this.dataSource): Promise<CareTeam> {
    const rows: { team: CareTeam }[] = await db.query(`SELECT ${careTeamJson('$1::uuid')} AS team`, [residentId]);
    return rows[0]!.team;
  }

  /** Locks the resident row so that two care-team updates of one resident apply one after the other. */
  async lockForCareTeam(tx: EntityManager, residentId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query('SELECT 1 FROM residents WHERE id = $1 FOR UPDATE', [residentId]);
    return rows.length === 1;
  }

  /** Puts a responder in a slot, keeping its assignment time when the same responder stays. */
  async assignCareTeamSlot(tx: EntityManager, residentId: string, slot: CareTeamSlot, responderId: string): Promise<void> {
    await tx.query(
      `INSERT INTO care_team (resident_id, role, responder_id) VALUES ($1, $2, $3)
       ON CONFLICT (resident_id, role) DO UPDATE SET responder_id = EXCLUDED.responder_id,
         assigned_at = CASE WHEN care_team.responder_id = EXCLUDED.responder_id THEN care_team.assigned_at ELSE now() END`,
      [residentId, slot, responderId],
    );
  }

  async clearCareTeamSlot(tx: EntityManager, residentId: string, slot: CareTeamSlot): Promise<void> {
    await tx.query('DELETE FROM care_team WHERE resident_id = $1 AND role = $2', [residentId, slot]);
  }
}
