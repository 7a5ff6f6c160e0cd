import type { AuthUser } from '@app/auth';
import {
  CONSOLE_ROLES,
  type HandOverInput,
  handOverSchema,
  handoverNoteSchema,
  idParamSchema,
  type IncidentView,
  type ShiftHandover,
  type ShiftMember,
} from '@app/contracts';
import { type DistrictFilter, IncidentViews } from '@app/database';
import { ZodPipe } from '@app/http';
import { IncidentFacts } from '@app/incidents';
import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Audited } from '../../audit/audited.decorator';
import { CurrentUser, Roles } from '../../common/auth.decorators';
import { answeringRefusals } from '../../incidents/write-refusals';
import { SocketSlots } from '../../live/socket-slots';
import { DistrictGate } from '../../districts/district-gate';
import { Scope } from '../../districts/district-scope';
import { ShiftRepository } from './shift.repository';

/** The notes of the last shifts an operator reads when taking over. */
const HANDOVER_LIMIT = 20;

@ApiTags('shift')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1')
export class ShiftController {
  constructor(
    private readonly shift: ShiftRepository,
    private readonly slots: SocketSlots,
    private readonly facts: IncidentFacts,
    private readonly views: IncidentViews,
    private readonly gate: DistrictGate,
  ) {}

  /** Every console user, with whether a console of theirs is connected now (on shift). */
  @Get('shift/members')
  async members(): Promise<{ items: ShiftMember[] }> {
    const users = await this.shift.consoleUsers();
    const connected = await this.slots.connectedUsers(users.map((u) => u.id));
    return { items: users.map((u) => ({ ...u, connected: connected.has(u.id) })) };
  }

  /** The live incidents the caller holds (acknowledged by them or handed to them), oldest first. */
  @Get('shift/my-incidents')
  @Audited('incident.list', 'incident')
  async mine(@CurrentUser() user: AuthUser, @Scope() scope: DistrictFilter): Promise<{ items: IncidentView[] }> {
    const ids = await this.shift.liveIncidentIdsOf(user.id, scope);
    const views = new Map((await this.views.byIds(ids)).map((v) => [v.id, v]));
    return { items: ids.map((id) => views.get(id)).filter((v): v is IncidentView => v !== undefined) };
  }

  /** The incident becomes a colleague's (timeline `handed_over`, with the note); 409 once it is closed. */
  @Post('incidents/:id/hand-over')
  @HttpCode(200)
  @Audited('incident.hand_over', 'incident')
  async handOver(
    @Param('id', new ZodPipe(idParamSchema)) id: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(handOverSchema)) body: HandOverInput,
    @Scope() scope: DistrictFilter,
  ): Promise<IncidentView> {
    await this.gate.incident(id, scope);
    if (body.toUserId === user.id) throw new BadRequestException('toUserId: an incident cannot be handed to yourself');
    const colleague = await this.shift.consoleUser(body.toUserId);
    if (!colleague) throw new BadRequestException('toUserId: no enabled console user with this id');
    await answeringRefusals(() =>
      this.facts.record(
        id,
        user.id,
        { kind: 'handed_over', data: { toUserId: colleague.id, to: colleague.username, ...(body.note ? { text: body.note } : {}) } },
        (tx) => this.shift.assign(tx, id, colleague.id),
      ),
    );
    const view = await this.views.byId(id);
    if (!view) throw new NotFoundException(`no incident ${id}`);
    return view;
  }

  @Get('shift/handovers')
  async handovers(): Promise<{ items: ShiftHandover[] }> {
    return { items: await this.shift.handovers(HANDOVER_LIMIT) };
  }

  @Post('shift/handovers')
  @HttpCode(201)
  @Audited('handover.create', 'handover')
  addHandover(@CurrentUser() user: AuthUser, @Body(new ZodPipe(handoverNoteSchema)) body: z.infer<typeof handoverNoteSchema>): Promise<ShiftHandover> {
    return this.shift.addHandover(user.id, body.text);
  }
}
