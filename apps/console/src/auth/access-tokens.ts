import { type AccessClaims, type AuthUser, claimsToUser } from '@app/auth';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';

interface TokenHolder {
  id: string;
  username: string;
  role: AuthUser['role'];
  responder_id: string | null;
  token_version: number;
}

/**
 * Issues and checks access tokens, for HTTP (the access guard) and sockets (the namespace
 * middleware) alike. A token is only as good as its user's current token version: raising
 * `users.token_version` revokes every token issued before.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
  ) {}

  issue(user: AuthUser, tokenVersion: number): Promise<string> {
    const claims: AccessClaims = {
      sub: user.id,
      username: user.username,
      role: user.role,
      ...(user.responderId ? { responderId: user.responderId } : {}),
      tv: tokenVersion,
    };
    return this.jwt.signAsync(claims);
  }

  /** The user a token speaks for, or undefined for a missing, forged, expired or revoked token. */
  async verify(token: string | undefined): Promise<AuthUser | undefined> {
    if (!token) return undefined;
    let claims: Partial<AccessClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch {
      return undefined;
    }
    const user = claimsToUser(claims);
    if (!user || typeof claims.tv !== 'number') return undefined;
    const rows: TokenHolder[] = await this.dataSource.query('SELECT id, username, role, responder_id, token_version FROM users WHERE id = $1', [user.id]);
    const holder = rows[0];
    // A deleted user, a revoked token or a changed role all end the token's life.
    if (!holder || holder.token_version !== claims.tv || holder.role !== user.role) return undefined;
    return { id: holder.id, username: holder.username, role: holder.role, ...(holder.responder_id ? { responderId: holder.responder_id } : {}) };
  }

  /** When a token verify() accepted stops being valid (its `exp`, in ms), for what outlives one request: sockets. */
  expiresAt(token: string): number | undefined {
    const claims: unknown = this.jwt.decode(token);
    const exp = claims && typeof claims === 'object' && 'exp' in claims ? claims.exp : undefined;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}
