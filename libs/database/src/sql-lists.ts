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

/**
 * `column IN` the uuids of array parameter `param`, read by id through `hk_ids`, a set whose
 * size the planner cannot see, so that Postgres keeps the statement's generic plan. With
 * `= ANY($1)` or `unnest($1)` it costs a custom plan by the array's length and, for a batch of
 * two or three, plans the statement again on every run (docs/capacity.md, "Postgres's plan choice").
 */
export const idsInSql = (column: string, param: string): string => `${column} IN (SELECT hk_ids(${param}::uuid[]))`;
