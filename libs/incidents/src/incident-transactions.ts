import { errorMessage } from '@app/errors';
import type { OutboxEntry } from '@app/outbox';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type CommittedWrite, IncidentPublisher } from './incident-publisher';
import { writeFollowUps } from './incident-versions';

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
  /** Rows to write; one with the id of a row written by an earlier run of the same job is enqueued again (a no-op: deterministic job id). */
  readonly outbox: OutboxEntry[] = [];
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

  /** What the after-commit publisher gets of this transaction. */
  written(): CommittedWrite {
    return { outbox: [...this.outbox], incidents: [...this.changedIncidents].map((id) => ({ id, created: false })) };
  }
}

/**
 * The way incidents and dispatches are written (docs/architecture.md, 'Rules that keep alarms
 * safe'): the facts, their timeline entries and the outbox rows for the jobs that follow commit together; only then
 * are the jobs enqueued and `incident.updated` pushed, by IncidentPublisher. No fact without
 * its follow-up job. (The hot-path single statements, ingest presses and supervision's
 * openings, write their own SQL and hand their commits to the same IncidentPublisher.)
 */
@Injectable()
export class IncidentTransactions {
  private readonly logger = new Logger(IncidentTransactions.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: IncidentPublisher,
  ) {}

  async run<T>(work: (tx: EntityManager, commit: Commit) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const commit = new Commit();
      try {
        const result = await this.dataSource.transaction(async (tx) => {
          const value = await work(tx, commit);
          await writeFollowUps(tx, commit.outbox, [...commit.changedIncidents]);
          return value;
        });
        await this.afterCommit(commit);
        return result;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        this.logger.debug(`transaction attempt ${attempt} lost a race, deciding again: ${errorMessage(error)}`);
      }
    }
  }

  /**
   * A change whose facts an earlier transaction of their writer committed (the notifier's
   * attempts): only the version raise is left, one statement committed on its own, then the
   * same after-commit publishing as `run`. Two round trips fewer than a transaction around it.
   */
  async versionsChanged(incidentIds: readonly string[]): Promise<void> {
    const commit = new Commit();
    for (const id of incidentIds) commit.changed(id);
    await writeFollowUps(this.dataSource, [], [...commit.changedIncidents]);
    await this.afterCommit(commit);
  }

  /** Never throws: the facts are committed; what is left over, the outbox relay and a console re-sync redo. */
  private async afterCommit(commit: Commit): Promise<void> {
    await this.publisher.publish([commit.written()]);
    for (const hook of commit.committedHooks) {
      try {
        hook();
      } catch (error) {
        this.logger.warn(`after-commit hook failed: ${errorMessage(error)}`);
      }
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof LostRace) return true;
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.code ?? e?.driverError?.code;
  return code !== undefined && RETRYABLE_CODES.has(code);
}
