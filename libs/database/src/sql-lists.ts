import { LIVE_INCIDENT_STATUSES } from '@app/contracts';

/** A parenthesised SQL list of string literals, `('a','b')`, quotes doubled: for raw SQL that must spell values out. */
export function sqlStringList(values: readonly string[]): string {
  if (!values.length) throw new Error('an SQL IN list needs at least one value');
  return `(${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(',')})`;
}

/**
 * `status IN ${LIVE_STATUSES_SQL}`: the live statuses as literals. `ON CONFLICT (resident_id,
 * type_group) WHERE status IN ${LIVE_STATUSES_SQL}` lets Postgres infer the partial unique
 * index `incidents_one_live_per_group`, whose predicate is this same list (a parameter would
 * not do: the index is inferred when the statement is planned).
 */
export const LIVE_STATUSES_SQL = sqlStringList(LIVE_INCIDENT_STATUSES);
