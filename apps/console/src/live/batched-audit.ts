import type { AuditLog, AuditRecord } from '../audit/audit-log';

/** Rows per INSERT: far under Postgres's 65535 parameters (8 per row). */
const MAX_ROWS_PER_WRITE = 1000;

/**
 * Audit rows written together: every socket one shared snapshot serves still gets its row (who
 * saw what), but a burst of connections costs one INSERT instead of one each.
 */
export class BatchedAudit {
  private pending: AuditRecord[] = [];
  private scheduled = false;

  constructor(
    private readonly audit: AuditLog,
    /** Told about the entries that could not be written: the failure is loud, never silent. */
    private readonly onFailure: (entries: AuditRecord[], error: unknown) => void,
  ) {}

  add(entry: AuditRecord): void {
    this.pending.push(entry);
    if (this.scheduled) return;
    this.scheduled = true;
    // The sockets a snapshot serves all resume in the same turn: writing on the next one groups them.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const entries = this.pending;
    this.pending = [];
    for (let start = 0; start < entries.length; start += MAX_ROWS_PER_WRITE) {
      const chunk = entries.slice(start, start + MAX_ROWS_PER_WRITE);
      await this.audit.recordMany(chunk).catch((error: unknown) => this.onFailure(chunk, error));
    }
  }
}
