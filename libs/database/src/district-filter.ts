/**
 * Which districts a reader may see, and the SQL every scoped query filters with. The console
 * derives a reader's filter from its user (apps/console/src/districts/district-scope.ts); how a
 * new endpoint uses it is in docs/districts.md.
 */
export type DistrictFilter = { all: true } | { all: false; districts: readonly string[] };

export const EVERY_DISTRICT: DistrictFilter = { all: true };

/**
 * A condition on the resident row `r`: it lives in one of the filter's districts ('TRUE' for a
 * reader of every district; a resident without a district is then outside every list of districts).
 * Pushes its parameter onto `params` and refers to it by position.
 */
export function residentInScopeSql(filter: DistrictFilter, r: string, params: unknown[]): string {
  if (filter.all) return 'TRUE';
  params.push(filter.districts);
  return `${r}.district = ANY($${params.length}::text[])`;
}

/**
 * A condition on the incident row `i` of resident `r`: its resident is in scope, or it was shown
 * to every console (incidents.shown_because) because no operator of its district was connected.
 */
export function incidentInScopeSql(filter: DistrictFilter, i: string, r: string, params: unknown[]): string {
  if (filter.all) return 'TRUE';
  return `(${residentInScopeSql(filter, r, params)} OR ${i}.shown_because IS NOT NULL)`;
}

/** The same rule as residentInScopeSql, for a resident already read. */
export function districtInScope(filter: DistrictFilter, district: string | undefined): boolean {
  return filter.all || (district !== undefined && filter.districts.includes(district));
}

/** The same rule as incidentInScopeSql, for a view already read (the socket snapshot, shared by every socket). */
export function incidentInScope(filter: DistrictFilter, view: { resident: { district?: string }; shownBecause?: string }): boolean {
  return districtInScope(filter, view.resident.district) || view.shownBecause !== undefined;
}
