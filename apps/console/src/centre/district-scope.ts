import type { AuthUser } from '@app/auth';
import type { DataSource } from 'typeorm';

/**
 * The districts whose incidents and residents a caller may see: undefined means every district
 * (admins, and users with no districts). The one place the centre pages decide it, so that it
 * can be swapped for the shared district scope once that lands; every query takes the result
 * as one `text[]` parameter and filters with `inScope`.
 */
export async function callerDistricts(db: Pick<DataSource, 'query'>, user: AuthUser): Promise<string[] | undefined> {
  if (user.role === 'admin') return undefined;
  const rows: { districts: string[] }[] = await db.query(`SELECT districts FROM users WHERE id = $1`, [user.id]);
  const districts = rows[0]?.districts ?? [];
  return districts.length ? districts : undefined;
}

/** SQL: the resident's district is in the scope parameter (null: every district). */
export const inScope = (districtColumn: string, param: string) => `(${param}::text[] IS NULL OR ${districtColumn} = ANY(${param}::text[]))`;
