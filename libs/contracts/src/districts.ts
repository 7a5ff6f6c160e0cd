/**
 * Districts and who sees what. A user works in `districts` (empty: every district; an admin sees
 * every district whatever it holds). Incidents and residents are of the resident's district.
 */

/**
 * Why an incident outside a user's districts is shown to it. `no_district_operator`: an `sos` or
 * `fall` incident of a district where no operator of that district was connected goes to every
 * connected console (an alarm is never unseen); from then on, until it is closed, everyone keeps
 * seeing it (its later changes too, so that nobody is left with a stale card).
 */
export const SHOWN_BECAUSE = ['no_district_operator'] as const;
export type ShownBecause = (typeof SHOWN_BECAUSE)[number];

/** Rooms of the `/console` namespace by district. Every console socket is also in `ConsoleRoom.Operators`. */
export const DistrictRoom = {
  /** Sockets of users who see every district (admins, users without districts). */
  All: 'districts-all',
} as const;

/** The room of the sockets of users who work in `district`. */
export function districtRoom(district: string): string {
  return `district-${district}`;
}

/** `GET /v1/districts`: the districts residents live in (for choosing a user's districts), sorted. */
export interface DistrictList {
  items: string[];
}
