import type { DeviceListing, IncidentView } from '@app/contracts';

/** What an admin looks for among the handsets: each device falls in every concern that applies. */
export const DEVICE_CONCERNS = ['low_battery', 'offline', 'removed', 'never_heard', 'disabled'] as const;
export type DeviceConcern = (typeof DEVICE_CONCERNS)[number];

/** At or below this the battery is worth a call, whether or not supervision opened an incident yet. */
export const LOW_BATTERY_SHOWN_PCT = 20;

/**
 * The concerns of one device: from its own facts (battery, last contact, connection, enabled)
 * and from the live technical incidents supervision opened for it (offline, taken off the wrist).
 */
export function deviceConcerns(device: DeviceListing, liveIncidents: readonly IncidentView[]): DeviceConcern[] {
  const open = new Set(liveIncidents.filter((i) => i.device.serial === device.serial).map((i) => i.type));
  const concerns: DeviceConcern[] = [];
  if (open.has('low_battery') || (device.batteryPct !== undefined && device.batteryPct <= LOW_BATTERY_SHOWN_PCT)) concerns.push('low_battery');
  if (open.has('device_offline') || (device.lastSeenAt !== undefined && device.connected === false)) concerns.push('offline');
  if (open.has('device_removed')) concerns.push('removed');
  if (device.lastSeenAt === undefined) concerns.push('never_heard');
  if (!device.enabled) concerns.push('disabled');
  return concerns;
}

/** The devices of one concern (all of them for `all`), those heard longest ago first. */
export function devicesOfConcern(devices: readonly DeviceListing[], liveIncidents: readonly IncidentView[], concern: DeviceConcern | 'all'): DeviceListing[] {
  const chosen = concern === 'all' ? [...devices] : devices.filter((d) => deviceConcerns(d, liveIncidents).includes(concern));
  return chosen.sort((a, b) => (a.lastSeenAt ?? '').localeCompare(b.lastSeenAt ?? '') || a.serial.localeCompare(b.serial));
}
