import type { AuthUser } from '@app/auth';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { districtScopeOf } from '../districts/district-scope';

/**
 * The districts a query may show, as one SQL parameter: `null` = every district, otherwise
 * only residents whose district is in the list (an empty list shows nothing). Pass it as
 * `$n::text[]` and filter with `($n::text[] IS NULL OR r.district = ANY($n::text[]))`.
 */
export type DistrictScope = string[] | null;

/** The filter every care query uses on `residents r` with the scope as parameter `$n`. */
export const inDistrictScope = (residentAlias: string, param: number): string =>
  `($${param}::text[] IS NULL OR ${residentAlias}.district = ANY($${param}::text[]))`;

/**
 * Who may see which districts: admins every one; operators and supervisors their own
 * (`users.districts`; empty = every district); `?district=` narrows within that, and asking
 * for a district outside one's own is 403. Who sees what is decided by districtScopeOf
 * (apps/console/src/districts, docs/districts.md); this adapts it to the care queries' parameter.
 */
@Injectable()
export class DistrictScopes {
  // eslint-disable-next-line @typescript-eslint/require-await -- kept async: callers await it
  async forUser(user: AuthUser, requested?: string): Promise<DistrictScope> {
    const scope = districtScopeOf(user);
    const own = scope.all ? [] : [...scope.districts];
    if (requested === undefined) return own.length ? own : null;
    if (own.length && !own.includes(requested)) throw new ForbiddenException(`district ${requested} is not one of yours`);
    return [requested];
  }
}

/** Whether a resident of `district` is within the scope (a resident without a district only for those who see all). */
export function isInDistrictScope(scope: DistrictScope, district: string | null | undefined): boolean {
  return scope === null || (district !== null && district !== undefined && scope.includes(district));
}
