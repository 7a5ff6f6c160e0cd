import { IncidentViews } from '@app/database';
import { errorMessage } from '@app/errors';
import { LivePublisher } from '@app/live';
import { type OutboxEntry, OutboxPublisher } from '@app/outbox';
import { Injectable, Logger } from '@nestjs/common';
import { DistrictException } from './district-exception';

/** An incident whose view a commit changed. */
export interface ChangedIncident {
  id: string;
  /** The commit opened it: consoles are told `incident.created`, else `incident.updated`. */
  created: boolean;
}

/** What one committed transaction (or one statement committed on its own) leaves to publish. */
export interface CommittedWrite {
  /**
   * Outbox rows it committed, or found from an earlier run of the same job: either way they
   * are enqueued, and the deterministic job ids make a re-add a no-op.
   */
  outbox: readonly OutboxEntry[];
  /** Incidents whose view it changed (their version was raised in the same transaction). */
  incidents: readonly ChangedIncident[];
}

/**
 * The one after-commit path of every incident write (IncidentTransactions, the ingest press
 * intake, device supervision, the notifier): enqueue the committed outbox rows and push each
 * changed incident to the consoles. It takes many commits at once, so that a batch of presses
 * committed together costs one `addBulk` per queue, one outbox UPDATE, one read of the
 * incident views and one push per incident.
 */
@Injectable()
export class IncidentPublisher {
  private readonly logger = new Logger(IncidentPublisher.name);

  constructor(
    private readonly outbox: OutboxPublisher,
    private readonly views: IncidentViews,
    private readonly live: LivePublisher,
    private readonly districts: DistrictException,
  ) {}

  /**
   * Never rejects: the facts are committed. A job Redis did not take stays in the outbox for the
   * relay; a console that missed a push re-syncs from Postgres when it reconnects.
   */
  async publish(commits: readonly CommittedWrite[]): Promise<void> {
    await Promise.all([this.enqueue(commits), this.push(commits)]);
  }

  private async enqueue(commits: readonly CommittedWrite[]): Promise<void> {
    const entries = commits.flatMap((c) => c.outbox);
    if (!entries.length) return;
    try {
      await this.outbox.publish(entries);
    } catch (error) {
      this.logger.warn(`${entries.length} outbox row(s) left to the relay: ${errorMessage(error)}`);
    }
  }

  private async push(commits: readonly CommittedWrite[]): Promise<void> {
    // One push per incident, however many commits of the batch changed it; it was created if any of them created it.
    const created = new Map<string, boolean>();
    for (const incident of commits.flatMap((c) => c.incidents)) created.set(incident.id, (created.get(incident.id) ?? false) || incident.created);
    if (!created.size) return;
    try {
      // An emergency of a district with no operator of its own connected is marked to go to every
      // console. Who is connected is read beside the views, not after them: one round trip less
      // between the commit and the push. It is read even when no view turns out to need it (a
      // technical alarm, an incident already shown to everyone): one script, where waiting for
      // the views first would cost every emergency's push a round trip.
      const presence = this.districts.presenceNow();
      const views = await this.districts.apply(await this.views.byIds([...created.keys()]), presence);
      const found = new Set(views.map((v) => v.id));
      const missing = [...created.keys()].filter((id) => !found.has(id));
      if (missing.length) this.logger.warn(`incident(s) ${missing.join(', ')} changed but were not found for the live push`);
      // One pipeline for the whole batch: one write to Redis, not one per incident.
      if (views.length) await this.live.incidents(views.map((view) => ({ view, created: created.get(view.id) ?? false })));
    } catch (error) {
      this.logger.warn(`incident(s) ${[...created.keys()].join(', ')} changed but the live push was not sent: ${errorMessage(error)}`);
    }
  }
}
