import type { NotificationChannelName } from '@app/contracts';
import { deterministicUuid } from '@app/incidents';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ClaimedNotification {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
}

/** The notifications table: one row per offer and channel, which makes sending at most once per offer and channel. */
@Injectable()
export class NotificationsRepository {
  /**
   * Creates the row if needed and locks it for the transaction. Undefined when another
   * worker holds it right now (a duplicate job running at the same moment).
   */
  async claim(tx: EntityManager, dispatchId: string, channel: NotificationChannelName): Promise<ClaimedNotification | undefined> {
    // The id is the webhook's Idempotency-Key, so it must not change between attempts: when an
    // attempt sent but could not commit (Postgres lost, the process killed), its row is rolled
    // back, and a random id would give the re-send a new key the gateway cannot recognise.
    // The first attempt creates the row, which is then this transaction's alone until it ends
    // (another run inserting the same key waits for it): claimed in one round trip.
    const created: ClaimedNotification[] = await tx.query(
      `INSERT INTO notifications (id, dispatch_id, channel) VALUES ($1, $2, $3) ON CONFLICT (dispatch_id, channel) DO NOTHING
       RETURNING id, status, attempts`,
      [notificationIdFor(dispatchId, channel), dispatchId, channel],
    );
    if (created[0]) return created[0];
    const rows: ClaimedNotification[] = await tx.query(
      'SELECT id, status, attempts FROM notifications WHERE dispatch_id = $1 AND channel = $2 FOR UPDATE SKIP LOCKED',
      [dispatchId, channel],
    );
    return rows[0];
  }

  async markSent(tx: EntityManager, id: string, attempts: number): Promise<void> {
    await tx.query(`UPDATE notifications SET status = 'sent', attempts = $2, sent_at = now(), last_error = NULL WHERE id = $1`, [id, attempts]);
  }

  /** Records a failed attempt; `final` marks the notification failed for good. */
  async markAttemptFailed(tx: EntityManager, id: string, attempts: number, error: string, final: boolean): Promise<void> {
    await tx.query(`UPDATE notifications SET attempts = $2, last_error = $3, status = $4 WHERE id = $1`, [
      id,
      attempts,
      error.slice(0, 500),
      final ? 'failed' : 'pending',
    ]);
  }
}

/** The one id a notification of this offer on this channel ever has, whichever attempt creates its row. */
export function notificationIdFor(dispatchId: string, channel: NotificationChannelName): string {
  return deterministicUuid(`notification/${dispatchId}/${channel}`);
}
