import type { NotificationChannelName } from '@app/contracts';
import { deterministicUuid } from '@app/incidents';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type NotificationStatus = 'pending' | 'sent' | 'failed';

export interface ClaimedNotification {
  id: string;
  dispatchId: string;
  status: NotificationStatus;
  attempts: number;
}

/** How one attempt at a claimed notification ended, to be written on its row. */
export interface AttemptRecord {
  id: string;
  /** `sent`; `pending` after a failure with retries left; `failed` after the last. */
  status: NotificationStatus;
  attempts: number;
  /** The failure, or null when it was sent. */
  error: string | null;
}

/** The notifications table: one row per offer and channel, which makes sending at most once per offer and channel. */
@Injectable()
export class NotificationsRepository {
  /**
   * Creates the rows needed and locks them for the transaction, by dispatch id. A dispatch is
   * missing from the answer when another worker holds its row right now (a duplicate job
   * running at the same moment), and when no such dispatch exists.
   */
  async claim(tx: EntityManager, dispatchIds: readonly string[], channel: NotificationChannelName): Promise<Map<string, ClaimedNotification>> {
    // The id is the webhook's Idempotency-Key, so it must not change between attempts: when an
    // attempt sent but could not commit (Postgres lost, the process killed), its row is rolled
    // back, and a random id would give the re-send a new key the gateway cannot recognise.
    // A first attempt creates its row, which is then this transaction's alone until it ends
    // (another run inserting the same key waits for it): claimed in one round trip. Rows are
    // inserted in dispatch-id order, so two dispatchers claiming overlapping batches wait for
    // each other in one order and never deadlock; a dispatch that does not exist is skipped
    // (its foreign key would fail every other notification of the batch).
    const ids = [...dispatchIds].sort();
    const claimed = new Map<string, ClaimedNotification>();
    const created: ClaimedNotification[] = await tx.query(
      `INSERT INTO notifications (id, dispatch_id, channel)
       SELECT w.id, w.dispatch_id, $3 FROM unnest($1::uuid[], $2::uuid[]) AS w(id, dispatch_id)
       WHERE EXISTS (SELECT 1 FROM dispatches d WHERE d.id = w.dispatch_id) ORDER BY w.dispatch_id
       ON CONFLICT (dispatch_id, channel) DO NOTHING
       RETURNING id, dispatch_id AS "dispatchId", status, attempts`,
      [ids.map((id) => notificationIdFor(id, channel)), ids, channel],
    );
    for (const row of created) claimed.set(row.dispatchId, row);
    const existing = ids.filter((id) => !claimed.has(id));
    if (!existing.length) return claimed;
    const rows: ClaimedNotification[] = await tx.query(
      `SELECT id, dispatch_id AS "dispatchId", status, attempts FROM notifications
       WHERE dispatch_id = ANY($1::uuid[]) AND channel = $2 ORDER BY dispatch_id FOR UPDATE SKIP LOCKED`,
      [existing, channel],
    );
    for (const row of rows) claimed.set(row.dispatchId, row);
    return claimed;
  }

  /** Writes how each attempt ended on its (claimed) row, all in one statement. */
  async record(tx: EntityManager, attempts: readonly AttemptRecord[]): Promise<void> {
    if (!attempts.length) return;
    await tx.query(
      `UPDATE notifications n SET status = a.status, attempts = a.attempts, last_error = a.error,
              sent_at = CASE WHEN a.status = 'sent' THEN now() ELSE n.sent_at END
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[]) AS a(id, status, attempts, error)
       WHERE n.id = a.id`,
      [attempts.map((a) => a.id), attempts.map((a) => a.status), attempts.map((a) => a.attempts), attempts.map((a) => a.error?.slice(0, 500) ?? null)],
    );
  }
}

/** The one id a notification of this offer on this channel ever has, whichever attempt creates its row. */
export function notificationIdFor(dispatchId: string, channel: NotificationChannelName): string {
  return deterministicUuid(`notification/${dispatchId}/${channel}`);
}
