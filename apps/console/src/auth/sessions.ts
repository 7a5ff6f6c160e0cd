import { hashPassword, verifyPassword } from '@app/auth';
import { errorMessage } from '@app/errors';
import { LivePublisher } from '@app/live';
import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/returned-rows';

/**
 * Ends sessions: raising the user's token version makes every token issued before it worthless
 * at the next request (the access check reads it), and the user's open sockets on every
 * console instance are closed at once.
 */
@Injectable()
export class Sessions {
  private readonly logger = new Logger(Sessions.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly live: LivePublisher,
  ) {}

  /** False when there is no such user. */
  async revokeAll(userId: string): Promise<boolean> {
    const rows = returnedRows(await this.dataSource.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1 RETURNING id', [userId]));
    if (!rows.length) return false;
    await this.closeSockets(userId);
    return true;
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const rows: { password_hash: string }[] = await this.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [userId]);
    if (!rows[0] || !(await verifyPassword(rows[0].password_hash, currentPassword))) {
      throw new UnauthorizedException('the current password is wrong');
    }
    await this.setPassword(userId, newPassword);
  }

  /** An admin sets the password without knowing the old one; false when there is no such user. */
  resetPassword(userId: string, password: string): Promise<boolean> {
    return this.setPassword(userId, password);
  }

  /**
   * Closes the user's sockets on every console instance. Call it after the change that killed
   * the user's tokens (a revocation, a disabled account, another role) is committed.
   */
  async closeSockets(userId: string): Promise<void> {
    // The tokens are already dead; a socket that stays open until Redis is back is closed then by nobody,
    // so say so: its next reconnect is refused anyway.
    await this.live.disconnectUser(userId).catch((error: unknown) => this.logger.warn(`sockets of user ${userId} not closed now: ${errorMessage(error)}`));
  }

  private async setPassword(userId: string, password: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('UPDATE users SET password_hash = $2, token_version = token_version + 1 WHERE id = $1 RETURNING id', [
      userId,
      await hashPassword(password),
    ]);
    if (!rows.length) return false;
    await this.closeSockets(userId);
    return true;
  }
}
