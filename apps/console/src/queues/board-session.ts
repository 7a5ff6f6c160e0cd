import type { AuthUser } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';

export const BOARD_PATH = '/admin/queues';
export const BOARD_COOKIE = 'hk_queue_board';
/** Long enough to look around, short enough that a forgotten tab does not stay a way in. */
export const BOARD_SESSION_TTL_S = 15 * 60;
const AUDIENCE = 'heartkey-queue-board';

interface BoardClaims {
  sub: string;
  tv: number;
}

export type BoardAccess = 'admin' | 'not-admin' | 'none';

/**
 * The queue dashboard's session. Bull Board's pages cannot send a Bearer header, so an admin
 * trades the access token for a short-lived HttpOnly cookie scoped to the dashboard's path.
 * It is a JWT signed with a key derived from JWT_SECRET and its own audience: it is no access
 * token, and no access token passes for it. Like an access token, it dies with the user's
 * token version or admin role.
 */
@Injectable()
export class BoardSession {
  private readonly key: string;

  constructor(
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = createHmac('sha256', config.JWT_SECRET).update('heartkey queue board session').digest('hex');
  }

  /** The Set-Cookie value of a new session for an admin. */
  async cookieFor(user: AuthUser, secure: boolean): Promise<{ cookie: string; expiresAt: Date }> {
    const rows: { token_version: number }[] = await this.dataSource.query('SELECT token_version FROM users WHERE id = $1', [user.id]);
    const claims: BoardClaims = { sub: user.id, tv: rows[0]?.token_version ?? -1 };
    const token = await this.jwt.signAsync(claims, { secret: this.key, audience: AUDIENCE, expiresIn: BOARD_SESSION_TTL_S, algorithm: 'HS256' });
    const attributes = [`Path=${BOARD_PATH}`, 'HttpOnly', 'SameSite=Strict', `Max-Age=${BOARD_SESSION_TTL_S}`, ...(secure ? ['Secure'] : [])];
    return { cookie: `${BOARD_COOKIE}=${token}; ${attributes.join('; ')}`, expiresAt: new Date(Date.now() + BOARD_SESSION_TTL_S * 1000) };
  }

  /** Who the session cookie speaks for right now. */
  async access(cookieHeader: string | undefined): Promise<BoardAccess> {
    const token = cookieValue(cookieHeader, BOARD_COOKIE);
    if (!token) return 'none';
    let claims: Partial<BoardClaims>;
    try {
      claims = await this.jwt.verifyAsync<BoardClaims>(token, { secret: this.key, audience: AUDIENCE, algorithms: ['HS256'] });
    } catch {
      return 'none';
    }
    if (typeof claims.sub !== 'string' || typeof claims.tv !== 'number') return 'none';
    const rows: { role: string; token_version: number }[] = await this.dataSource.query('SELECT role, token_version FROM users WHERE id = $1', [claims.sub]);
    const holder = rows[0];
    if (!holder || holder.token_version !== claims.tv) return 'none';
    return holder.role === 'admin' ? 'admin' : 'not-admin';
  }
}

/** One cookie's value from a Cookie header (no cookie library needed for one HttpOnly cookie). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}
