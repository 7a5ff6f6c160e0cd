import type { AuthUser } from '@app/auth';
import type { IncidentDetail, IncidentView, ListIncidentsQuery, Outcome, Page } from '@app/contracts';
import { type DistrictFilter, IncidentViews, InvalidCursorError } from '@app/database';
import { IncidentChanges } from '@app/incidents';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DevicePresence } from '../devices/device-presence';
import { DistrictGate } from '../districts/district-gate';
import { viewFor } from '../districts/district-scope';
import { answeringRefusals } from './write-refusals';

/**
 * The operators' use cases on incidents. The writes live in @app/incidents (shared with the
 * dispatcher): decided by the domain's state machine, written with their timeline facts and
 * follow-up jobs in one transaction, pushed to the consoles after the commit. Views answered
 * here carry `device.connected` (from the connection registry); pushes over the socket do not.
 * Every use case takes the reader's district scope: an incident outside it is a 404, for reading
 * and acting alike (its existence is not told).
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly changes: IncidentChanges,
    private readonly views: IncidentViews,
    private readonly presence: DevicePresence,
    private readonly gate: DistrictGate,
  ) {}

  async list(query: ListIncidentsQuery, scope: DistrictFilter): Promise<Page<IncidentView>> {
    try {
      const page = await this.views.page({
        ...(query.status ? { statuses: query.status } : {}),
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
        scope,
      });
      return { ...page, items: await this.presence.incidentViews(page.items.map((v) => viewFor(scope, v))) };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException('cursor: invalid cursor');
      throw error;
    }
  }

  async detail(id: string, scope: DistrictFilter): Promise<IncidentDetail> {
    const view = await this.view(id, scope);
    return { ...view, timeline: await this.views.timeline(id) };
  }

  async acknowledge(id: string, user: AuthUser, scope: DistrictFilter): Promise<IncidentView> {
    await this.gate.incident(id, scope);
    await answeringRefusals(() => this.changes.acknowledge(id, user.id));
    return this.view(id, scope);
  }

  async addNote(id: string, user: AuthUser, text: string, scope: DistrictFilter): Promise<IncidentDetail> {
    await this.gate.incident(id, scope);
    await answeringRefusals(() => this.changes.note(id, user.id, text));
    return this.detail(id, scope);
  }

  /** Closing the incident also voids its open offers; their responders hear it from the dispatcher. */
  async resolve(id: string, user: AuthUser, outcome: Outcome, note: string | undefined, scope: DistrictFilter): Promise<IncidentView> {
    await this.gate.incident(id, scope);
    await answeringRefusals(() => this.changes.resolve(id, user.id, outcome, note));
    return this.view(id, scope);
  }

  async cancel(id: string, user: AuthUser, note: string | undefined, scope: DistrictFilter): Promise<IncidentView> {
    await this.gate.incident(id, scope);
    await answeringRefusals(() => this.changes.cancel(id, user.id, note));
    return this.view(id, scope);
  }

  private async view(id: string, scope: DistrictFilter): Promise<IncidentView> {
    const view = await this.views.byId(id, scope);
    if (!view) throw new NotFoundException(`no incident ${id}`);
    return this.presence.incidentView(viewFor(scope, view));
  }
}
