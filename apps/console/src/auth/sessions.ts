import { hashPassword, verifyPassword } from '@app/auth';
import { errorMessage } from '@app/errors';
import { LivePublisher } from '@app/live';
import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';

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

  async revokeAll(userId: string): Promise<void> {
    await this.dataSource.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [userId]);
    await this.closeSockets(userId);
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const rows: { password_hash: string }[] = await this.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [userId]);
    if (!rows[0] || !(await verifyPassword(rows[0].password_hash, currentPassword))) {
      throw new UnauthorizedException('the current password is wrong');
    }
    await this.dataSource.query('UPDATE users SET password_hash = $2, token_version = token_version + 1 WHERE id = $1', [
      userId,
      await hashPassword(newPassword),
    ]);
    await this.closeSockets(userId);
  }

  private async closeSockets(userId: string): Promise<void> {
    // The tokens are already dead; a socket that stays open until Redis is back is closed then by nobody,
    // so say so: its next reconnect is refused anyway.
    await this.live.disconnectUser(userId).catch((error: unknown) => this.logger.warn(`sockets of user ${userId} not closed now: ${errorMessage(error)}`));
  }
}
