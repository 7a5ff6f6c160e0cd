import type { AuthUser } from '@app/auth';
import type { IncidentDetail, IncidentView, ListIncidentsQuery, Outcome, Page } from '@app/contracts';
import { appendTimeline, IncidentViews, InvalidCursorError } from '@app/database';
import { applyIncidentAction, type IncidentAction, type IncidentState } from '@app/domain';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { LivePublisher } from '@app/realtime';
import { DataSource, EntityManager } from 'typeorm';
import { type CurrentIncident, IncidentsRepository } from './incidents.repository';

/** How often a change is decided again after losing a race before the caller is told to retry. */
const MAX_ATTEMPTS = 5;

interface Change {
  action: IncidentAction;
  /** The guarded write; false when the incident is no longer in the state `from`. */
  write(tx: EntityManager, from: IncidentState, to: IncidentState): Promise<boolean>;
  /** The timeline entry written in the same transaction. */
  fact(from: IncidentState, to: IncidentState): { kind: string; data?: Record<string, unknown> };
  /** Whether the console needs to hear about it (a note changes nothing it shows). */
  publish: boolean;
}

/** The operators' use cases on incidents. Every change is decided by the domain's state machine. */
@Injectable()
export class IncidentsService {
  private readonly logger = new Logger(IncidentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly views: IncidentViews,
    private readonly live: LivePublisher,
  ) {}

  async list(query: ListIncidentsQuery): Promise<Page<IncidentView>> {
    try {
      return await this.views.page({ ...(query.status ? { statuses: query.status } : {}), limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException('cursor: invalid cursor');
      throw error;
    }
  }

  async detail(id: string): Promise<IncidentDetail> {
    const view = await this.views.byId(id);
    if (!view) throw new NotFoundException(`no incident ${id}`);
    return { ...view, timeline: await this.views.timeline(id) };
  }

  acknowledge(id: string, user: AuthUser): Promise<IncidentView> {
    return this.change(id, user, {
      action: { kind: 'acknowledge' },
      write: (tx, from, to) => this.incidents.acknowledge(tx, id, from, to, user.id),
      fact: (from, to) => ({ kind: 'acknowledged', data: { from: from.status, to: to.status } }),
      publish: true,
    });
  }

  async addNote(id: string, user: AuthUser, text: string): Promise<IncidentDetail> {
    await this.change(id, user, {
      action: { kind: 'note' },
      write: (tx, from) => this.incidents.holdUnchanged(tx, id, from),
      fact: () => ({ kind: 'note', data: { text } }),
      publish: false,
    });
    return this.detail(id);
  }

  resolve(id: string, user: AuthUser, outcome: Outcome, note?: string): Promise<IncidentView> {
    return this.change(id, user, {
      action: { kind: 'resolve', outcome },
      write: (tx, from) => this.incidents.resolve(tx, id, from, outcome),
      fact: (from) => ({ kind: 'resolved', data: { from: from.status, outcome, ...(note ? { note } : {}) } }),
      publish: true,
    });
  }

  cancel(id: string, user: AuthUser, note?: string): Promise<IncidentView> {
    return this.change(id, user, {
      action: { kind: 'cancel' },
      write: (tx, from) => this.incidents.cancel(tx, id, from),
      fact: (from) => ({ kind: 'cancelled', data: { from: from.status, ...(note ? { note } : {}) } }),
      publish: true,
    });
  }

  /**
   * Read → decide → guarded write with its timeline entry in one transaction. A write that
   * matches nothing lost a race: read again and decide again (the second of two operators
   * acknowledging at once is refused here, with the name of the first).
   */
  private async change(id: string, user: AuthUser, change: Change): Promise<IncidentView> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.incidents.findState(id);
      if (!current) throw new NotFoundException(`no incident ${id}`);
      const decision = applyIncidentAction(current.state, change.action);
      if (!decision.ok) throw refusal(decision.reason, current);
      const written = await this.dataSource.transaction(async (tx) => {
        if (!(await change.write(tx, decision.from, decision.to))) return false;
        await appendTimeline(tx, { incidentId: id, actorId: user.id, ...change.fact(decision.from, decision.to) });
        return true;
      });
      if (!written) continue;
      const view = await this.views.byId(id);
      if (!view) throw new NotFoundException(`no incident ${id}`);
      if (change.publish) this.publish(view);
      return view;
    }
    throw new ConflictException('the incident is changing under many hands at once; try again');
  }

  /** The change is committed; a lost push only delays the consoles, which re-sync on reconnect. */
  private publish(view: IncidentView): void {
    try {
      this.live.incident(view, false).catch((error: unknown) => this.logPublishFailure(view.id, error));
    } catch (error) {
      this.logPublishFailure(view.id, error);
    }
  }

  private logPublishFailure(incidentId: string, error: unknown): void {
    this.logger.warn(`incident ${incidentId} changed but the live update was not sent: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function refusal(reason: 'closed' | 'already_acknowledged' | 'already_escalated' | 'not_allowed', current: CurrentIncident): ConflictException {
  switch (reason) {
    case 'closed':
      return new ConflictException(`the incident is ${current.state.status}`);
    case 'already_acknowledged':
      return new ConflictException(`already acknowledged by ${current.acknowledgedBy ?? 'another operator'}`);
    case 'already_escalated':
      return new ConflictException('the incident is already escalated');
    case 'not_allowed':
      return new ConflictException(`not allowed while the incident is ${current.state.status}`);
  }
}
