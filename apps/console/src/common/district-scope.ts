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
 * The care model's lists and reports as the caller may see them: the shared district scope
 * (`districtScopeOf`, docs/districts.md: admins every district, operators and supervisors their
 * own, none = every district), narrowed by `?district=`; asking for a district outside one's
 * own is 403.
 */
@Injectable()
export class DistrictScopes {
  forUser(user: AuthUser, requested?: string): Promise<DistrictScope> {
    const shared = districtScopeOf(user);
    const own = shared.all ? null : [...shared.districts];
    if (requested === undefined) return Promise.resolve(own);
    if (own && !own.includes(requested)) return Promise.reject(new ForbiddenException(`district ${requested} is not one of yours`));
    return Promise.resolve([requested]);
  }
}

/** Whether a resident of `district` is within the scope (a resident without a district only for those who see all). */
export function isInDistrictScope(scope: DistrictScope, district: string | null | undefined): boolean {
  return scope === null || (district !== null && district !== undefined && scope.includes(district));
}
