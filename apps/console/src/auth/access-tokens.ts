import { type AccessClaims, type AuthUser, claimsToUser } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';

interface TokenHolder {
  id: string;
  username: string;
  role: AuthUser['role'];
  responder_id: string | null;
  token_version: number;
  disabled: boolean;
  districts: string[];
}

/** Seconds since 1970, the unit of JWT times. */
const nowS = (): number => Math.floor(Date.now() / 1000);

/**
 * Issues and checks access tokens, for HTTP (the access guard) and sockets (the namespace
 * middleware) alike. A token is only as good as its user: raising `users.token_version`
 * revokes every token issued before, and a disabled user's tokens are refused. The user row is
 * read on every check anyway (the version), so being enabled costs no extra query.
 *
 * A session lives at most SESSION_MAX_AGE_S from its login: every renewal carries the login
 * time (`sst`), and no token is issued or accepted past that end.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A token of a new session (login). */
  issue(user: AuthUser, tokenVersion: number): Promise<string> {
    return this.sign(user, tokenVersion, nowS());
  }

  /** A fresh token of the session `token` belongs to; 401 once that session is past its absolute end. */
  renew(user: AuthUser, tokenVersion: number, token: string): Promise<string> {
    const claims = this.jwt.decode<Partial<AccessClaims> | null>(token);
    const started = sessionStart(claims);
    if (started === undefined) throw new UnauthorizedException('session ended, log in again');
    return this.sign(user, tokenVersion, started);
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
    const started = sessionStart(claims);
    if (started === undefined || nowS() >= started + this.config.SESSION_MAX_AGE_S) return undefined;
    const rows: TokenHolder[] = await this.dataSource.query(
      'SELECT id, username, role, responder_id, token_version, disabled, districts FROM users WHERE id = $1',
      [user.id],
    );
    const holder = rows[0];
    // A deleted or disabled user, a revoked token or a changed role all end the token's life.
    if (!holder || holder.disabled || holder.token_version !== claims.tv || holder.role !== user.role) return undefined;
    return {
      id: holder.id,
      username: holder.username,
      role: holder.role,
      ...(holder.responder_id ? { responderId: holder.responder_id } : {}),
      districts: holder.districts,
    };
  }

  /** When a token verify() accepted stops being valid (its `exp`, in ms), for what outlives one request: sockets. */
  expiresAt(token: string): number | undefined {
    const claims: unknown = this.jwt.decode(token);
    const exp = claims && typeof claims === 'object' && 'exp' in claims ? claims.exp : undefined;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  }

  private sign(user: AuthUser, tokenVersion: number, sessionStartedAt: number): Promise<string> {
    const left = sessionStartedAt + this.config.SESSION_MAX_AGE_S - nowS();
    if (left <= 0) throw new UnauthorizedException('session ended, log in again');
    const claims: AccessClaims = {
      sub: user.id,
      username: user.username,
      role: user.role,
      ...(user.responderId ? { responderId: user.responderId } : {}),
      tv: tokenVersion,
      sst: sessionStartedAt,
    };
    // The token never outlives its session, so a socket closed at token expiry also closes at the session's end.
    return this.jwt.signAsync(claims, { expiresIn: Math.min(this.config.ACCESS_TOKEN_TTL_S, left) });
  }
}

/** When a token's session began: its `sst`, or for a token issued before sessions carried one, its own issue time. */
function sessionStart(claims: (Partial<AccessClaims> & { iat?: unknown }) | null): number | undefined {
  if (!claims) return undefined;
  if (typeof claims.sst === 'number') return claims.sst;
  return typeof claims.iat === 'number' ? claims.iat : undefined;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}
