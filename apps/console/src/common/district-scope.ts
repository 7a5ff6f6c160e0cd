import type { AuthUser } from '@app/auth';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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
 * for a district outside one's own is 403. The one place this is decided for the care model,
 * so the shared district scoping can replace it here.
 */
@Injectable()
export class DistrictScopes {
  constructor(private readonly dataSource: DataSource) {}

  async forUser(user: AuthUser, requested?: string): Promise<DistrictScope> {
    const own = user.role === 'admin' ? [] : await this.districtsOf(user.id);
    if (requested === undefined) return own.length ? own : null;
    if (own.length && !own.includes(requested)) throw new ForbiddenException(`district ${requested} is not one of yours`);
    return [requested];
  }

  private async districtsOf(userId: string): Promise<string[]> {
    const rows: { districts: string[] }[] = await this.dataSource.query(`SELECT districts FROM users WHERE id = $1`, [userId]);
    return rows[0]?.districts ?? [];
  }
}

/** Whether a resident of `district` is within the scope (a resident without a district only for those who see all). */
export function isInDistrictScope(scope: DistrictScope, district: string | null | undefined): boolean {
  return scope === null || (district !== null && district !== undefined && scope.includes(district));
}
