import { APP_CONFIG, type AppConfig } from '@app/config';
import type { DispatchStatus, DoorDetails, EmergencyContact, IncidentType } from '@app/contracts';
import { isDispatchEngaged, isDispatchOpen } from '@app/domain';
import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface DoorRow {
  responder_id: string;
  status: DispatchStatus;
  incident_id: string;
  type: IncidentType;
  opened_at: string;
  press_count: number;
  address: string;
  location: DoorDetails['location'] | null;
  medications: string[];
  emergency_contacts: EmergencyContact[];
  notes: { at: string; text: string; by?: string }[];
}

const DOOR = `
SELECT d.responder_id, d.status, i.id AS incident_id, i.type, hk_iso(i.opened_at) AS opened_at, i.press_count,
       res.address, i.location, res.medications, res.emergency_contacts,
       COALESCE((SELECT json_agg(json_strip_nulls(json_build_object('at', hk_iso(e.at), 'text', e.data->>'text', 'by', u.username)) ORDER BY e.id)
                 FROM incident_events e LEFT JOIN users u ON u.id = e.actor_id
                 WHERE e.incident_id = i.id AND e.kind = 'note'), '[]'::json) AS notes
FROM dispatches d JOIN incidents i ON i.id = d.incident_id JOIN residents res ON res.id = i.resident_id
WHERE d.id = $1`;

/**
 * What a responder sees on the way and at the door. Only the responder of the dispatch, and only
 * while it is open; the resident's medications, contacts and the operators' notes only once the
 * job is taken (an offer that is merely offered may still go to someone else).
 */
@Injectable()
export class DoorDetailsReader {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async read(dispatchId: string, responderId: string): Promise<DoorDetails> {
    const rows: DoorRow[] = await this.dataSource.query(DOOR, [dispatchId]);
    const row = rows[0];
    if (!row) throw new NotFoundException(`no dispatch ${dispatchId}`);
    if (row.responder_id !== responderId) throw new ForbiddenException('this dispatch was offered to someone else');
    if (!isDispatchOpen(row.status)) throw new NotFoundException(`dispatch ${dispatchId} is ${row.status}: nothing to show any more`);
    const base: DoorDetails = {
      dispatchId,
      incidentId: row.incident_id,
      incidentType: row.type,
      openedAt: row.opened_at,
      pressCount: row.press_count,
      address: row.address,
      ...(row.location ? { location: row.location } : {}),
      centrePhone: this.config.CENTRE_PHONE ?? this.config.HOTLINE_NUMBER,
    };
    if (!isDispatchEngaged(row.status)) return base;
    return { ...base, medications: row.medications, emergencyContacts: row.emergency_contacts, notes: row.notes };
  }
}
