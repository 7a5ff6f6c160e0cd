import {
  type CareTeam,
  type CareTeamInput,
  careTeamInputSchema,
  CONSOLE_ROLES,
  idParamSchema,
  type Resident,
  type ResidentInput,
  residentInputSchema,
  type ResidentPatch,
  residentPatchSchema,
  residentSearchSchema,
} from '@app/contracts';
import type { DistrictFilter } from '@app/database';
import { ZodPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Roles } from '../common/auth.decorators';
import { DistrictGate } from '../districts/district-gate';
import { Scope } from '../districts/district-scope';
import { CareTeamService } from './care-team.service';
import { ResidentsRepository } from './residents.repository';
import { Audited } from '../audit/audited.decorator';

const residentId = new ZodPipe(idParamSchema);

@ApiTags('residents')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1/residents')
export class ResidentsController {
  constructor(
    private readonly residents: ResidentsRepository,
    private readonly careTeams: CareTeamService,
    private readonly gate: DistrictGate,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @Audited('resident.create', 'resident')
  create(@Body(new ZodPipe(residentInputSchema)) body: ResidentInput): Promise<Resident> {
    return this.residents.create(body);
  }

  @Get()
  @Audited('resident.search', 'resident')
  search(@Query(new ZodPipe(residentSearchSchema)) query: z.infer<typeof residentSearchSchema>, @Scope() scope: DistrictFilter): Promise<Resident[]> {
    return this.residents.search(query.query || undefined, query.limit, scope);
  }

  @Get(':id')
  @Audited('resident.view', 'resident')
  async get(@Param('id', residentId) id: string, @Scope() scope: DistrictFilter): Promise<Resident> {
    return (await this.residents.findById(id, scope)) ?? notFound(id);
  }

  @Patch(':id')
  @Roles('admin')
  @Audited('resident.update', 'resident')
  async patch(@Param('id', residentId) id: string, @Body(new ZodPipe(residentPatchSchema)) body: ResidentPatch): Promise<Resident> {
    return (await this.residents.patch(id, body)) ?? notFound(id);
  }

  @Get(':id/care-team')
  async careTeam(@Param('id', residentId) id: string, @Scope() scope: DistrictFilter): Promise<CareTeam> {
    await this.gate.resident(id, scope);
    return this.careTeams.get(id);
  }

  @Put(':id/care-team')
  @Roles('admin')
  @Audited('resident.care_team.update', 'resident')
  replaceCareTeam(@Param('id', residentId) id: string, @Body(new ZodPipe(careTeamInputSchema)) body: CareTeamInput): Promise<CareTeam> {
    return this.careTeams.replace(id, body);
  }
}

function notFound(id: string): never {
  throw new NotFoundException(`no resident ${id}`);
}
