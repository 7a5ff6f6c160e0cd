import { IncidentViews } from '@app/database';
import { type OutboxEntry, OutboxPublisher, writeOutbox } from '@app/outbox';
import { LivePublisher } from '@app/live';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A guarded write matched nothing: someone changed the row since it was read. The transaction is run again. */
export class LostRace extends Error {
  constructor(what: string) {
    super(`${what} changed while the change was being decided`);
  }
}

/** Postgres deadlock_detected and serialization_failure: safe to run the transaction again. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

/**
 * What a transaction leaves to do once it has committed: the jobs that follow from its facts
 * (written to the outbox inside it), the incidents whose view changed, and metrics.
 */
export class Commit {
  readonly outbox: OutboxEntry[] = [];
  /** Rows written by an earlier run of the same job: enqueued again, which the deterministic job id makes a no-op. */
  readonly republish: OutboxEntry[] = [];
  readonly changedIncidents = new Set<string>();
  readonly committedHooks: (() => void)[] = [];

  follow(...entries: OutboxEntry[]): void {
    this.outbox.push(...entries);
  }

  changed(incidentId: string): void {
    this.changedIncidents.add(incidentId);
  }

  onCommitted(hook: () => void): void {
    this.committedHooks.push(hook);
  }
}

/**
 * The one way incidents and dispatches are written (DESIGN.md rules 2-5): the facts, their
 * timeline entries and the outbox rows for the jobs that follow commit together; only then
 * are the jobs enqueued and `incident.updated` pushed. No fact without its follow-up job.
 */
@Injectable()
export class IncidentTransactions {
  private readonly logger = new Logger(IncidentTransactions.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly views: IncidentViews,
    private readonly live: LivePublisher,
  ) {}

  async run<T>(work: (tx: EntityManager, commit: Commit) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const commit = new Commit();
      try {
        const result = await this.dataSource.transaction(async (tx) => {
          const value = await work(tx, commit);
          await writeOutbox(tx, commit.outbox);
          // Every change of what a console shows raises the version it keeps the newest of.
          if (commit.changedIncidents.size) {
            await tx.query('UPDATE incidents SET version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])', [[...commit.changedIncidents]]);
          }
          return value;
        });
        await this.afterCommit(commit);
        return result;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        this.logger.debug(`transaction attempt ${attempt} lost a race, deciding again: ${(error as Error).message}`);
      }
    }
  }

  /** Never throws: the facts are committed; what is left over, the outbox relay and a console re-sync redo. */
  private async afterCommit(commit: Commit): Promise<void> {
    await this.outbox.publish([...commit.outbox, ...commit.republish]);
    await Promise.all([...commit.changedIncidents].map((id) => this.pushUpdate(id)));
    for (const hook of commit.committedHooks) {
      try {
        hook();
      } catch (error) {
        this.logger.warn(`after-commit hook failed: ${describe(error)}`);
      }
    }
  }

  private async pushUpdate(incidentId: string): Promise<void> {
    try {
      const view = await this.views.byId(incidentId);
      if (view) await this.live.incident(view, false);
    } catch (error) {
      this.logger.warn(`incident ${incidentId} changed but the live update was not sent: ${describe(error)}`);
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof LostRace) return true;
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.code ?? e?.driverError?.code;
  return code !== undefined && RETRYABLE_CODES.has(code);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
