import type { Role } from '@app/contracts';
import { ROLES } from '@app/contracts';

/** What an access token says about its holder. */
export interface AccessClaims {
  sub: string;
  username: string;
  role: Role;
  responderId?: string;
  /** The user's token version when issued; raising it revokes every older token. */
  tv: number;
  /** When the session began (login), in seconds since 1970: renewals carry it over unchanged. */
  sst?: number;
}

export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  responderId?: string;
  /**
   * The districts the user works in, as stored now (read with every token check, never from the
   * token): what it may see (DistrictScope in the console). Absent or empty: every district.
   */
  districts?: readonly string[];
}

export function claimsToUser(claims: unknown): AuthUser | undefined {
  const c = claims as Partial<AccessClaims> | undefined;
  if (!c || typeof c.sub !== 'string' || typeof c.username !== 'string' || !ROLES.includes(c.role as Role)) return undefined;
  return {
    id: c.sub,
    username: c.username,
    role: c.role as Role,
    ...(typeof c.responderId === 'string' ? { responderId: c.responderId } : {}),
  };
}
