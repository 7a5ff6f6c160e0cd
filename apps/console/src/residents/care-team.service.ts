import type { CareTeam, CareTeamInput, ResponderRole } from '@app/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RespondersRepository } from '../responders/responders.repository';
import { ResidentsRepository } from './residents.repository';

/** Each slot of a care team, the body field that fills it, and the only responder role that fits it. */
const SLOTS = [
  { slot: 'carer', field: 'carerId', role: 'carer' },
  { slot: 'cadre', field: 'cadreId', role: 'cadre' },
  { slot: 'doctor', field: 'doctorId', role: 'doctor' },
] as const satisfies readonly { slot: keyof CareTeam; field: keyof CareTeamInput; role: ResponderRole }[];

@Injectable()
export class CareTeamService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly residents: ResidentsRepository,
    private readonly responders: RespondersRepository,
  ) {}

  async get(residentId: string): Promise<CareTeam> {
    if (!(await this.residents.exists(residentId))) throw new NotFoundException(`no resident ${residentId}`);
    return this.residents.careTeam(residentId);
  }

  /** The body is the whole team: a slot that is absent or null has no one in it afterwards. */
  async replace(residentId: string, input: CareTeamInput): Promise<CareTeam> {
    await this.checkRoles(input);
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.residents.lockForCareTeam(tx, residentId))) throw new NotFoundException(`no resident ${residentId}`);
      for (const { slot, field } of SLOTS) {
        const responderId = input[field];
        if (responderId) await this.residents.assignCareTeamSlot(tx, residentId, slot, responderId);
        else await this.residents.clearCareTeamSlot(tx, residentId, slot);
      }
      return this.residents.careTeam(residentId, tx);
    });
  }

  private async checkRoles(input: CareTeamInput): Promise<void> {
    const ids = SLOTS.map(({ field }) => input[field]).filter((id): id is string => Boolean(id));
    const roles = await this.responders.activeRoles(ids);
    const problems = SLOTS.flatMap(({ field, role }) => {
      const id = input[field];
      if (!id) return [];
      const actual = roles.get(id);
      if (!actual) return [`${field}: no active responder ${id}`];
      return actual === role ? [] : [`${field}: responder ${id} is a ${actual}, not a ${role}`];
    });
    if (problems.length) throw new BadRequestException(problems);
  }
}
