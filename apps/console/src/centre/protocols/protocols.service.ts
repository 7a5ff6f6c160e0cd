import type { AuthUser } from '@app/auth';
import { type IncidentChecklists, type IncidentType, protocolKindsFor, type ProtocolTick } from '@app/contracts';
import { IncidentFacts } from '@app/incidents';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { answeringRefusals } from '../../incidents/write-refusals';
import { ProtocolsRepository } from './protocols.repository';

/** An incident's checklists: the protocol of its kind and the one for a resident who does not answer, with the ticks so far. */
@Injectable()
export class ProtocolsService {
  constructor(
    private readonly protocols: ProtocolsRepository,
    private readonly facts: IncidentFacts,
    private readonly db: DataSource,
  ) {}

  async checklists(incidentId: string): Promise<IncidentChecklists> {
    const type = await this.typeOf(incidentId);
    const [protocols, ticks] = await Promise.all([this.protocols.ofKinds(protocolKindsFor(type)), this.protocols.ticks(incidentId)]);
    return {
      items: protocols.map((p) => ({
        kind: p.kind,
        steps: p.steps.map((step) => {
          const done = ticks.get(`${p.kind}/${step.id}`);
          return { ...step, ...(done ? { done } : {}) };
        }),
      })),
    };
  }

  /**
   * Ticks one step: a `protocol_step_done` fact with the step's text as it read then (the
   * checklist may be edited later). A step ticked before stays as it was (once per incident).
   */
  async tick(incidentId: string, user: AuthUser, tick: ProtocolTick): Promise<IncidentChecklists> {
    const type = await this.typeOf(incidentId);
    const protocol = protocolKindsFor(type).includes(tick.kind) ? (await this.protocols.ofKinds([tick.kind]))[0] : undefined;
    const step = protocol?.steps.find((s) => s.id === tick.stepId);
    if (!step) throw new NotFoundException(`stepId: no step ${tick.stepId} in the ${tick.kind} checklist of this incident`);
    await answeringRefusals(() =>
      this.facts.record(incidentId, user.id, {
        kind: 'protocol_step_done',
        data: { protocol: tick.kind, stepId: step.id, text: step.text },
        dedupeKey: `protocol-${incidentId}-${tick.kind}-${step.id}`,
      }),
    );
    return this.checklists(incidentId);
  }

  private async typeOf(incidentId: string): Promise<IncidentType> {
    const rows: { type: IncidentType }[] = await this.db.query(`SELECT type FROM incidents WHERE id = $1`, [incidentId]);
    if (!rows[0]) throw new NotFoundException(`no incident ${incidentId}`);
    return rows[0].type;
  }
}
