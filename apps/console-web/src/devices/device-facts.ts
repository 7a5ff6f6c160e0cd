import { DEVICE_SERIAL_RULES, type DeviceProtocolName, type PositionSource } from '@app/contracts';
import { RequestFailed } from '../api/http';
import { describeFailure } from '../components/failure';
import type { Translate } from '../i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How old a position is, in words ("3 min ago"): how far to trust it matters as much as where it is. */
export function positionAge(t: Translate, atIso: string, now: number): string {
  // A device clock ahead of ours gives a time "in the future": that is now, not an error.
  const age = Math.max(0, now - Date.parse(atIso));
  if (age < MINUTE) return t('age.justNow');
  if (age < HOUR) return t('age.minutes', { count: Math.floor(age / MINUTE) });
  if (age < 2 * DAY) return t('age.hours', { count: Math.floor(age / HOUR) });
  return t('age.days', { count: Math.floor(age / DAY) });
}

/** A GPS fix, or (towers or access points only) an approximate place. */
export function positionSourceLabel(t: Translate, source: PositionSource): string {
  return t(source === 'gps' ? 'position.gps' : 'position.approximate');
}

/** Connected, not connected, or unknown (an http handset, a socket push, the registry did not answer). */
export function connectionLabel(t: Translate, connected: boolean | undefined): string {
  if (connected === undefined) return t('common.unknown');
  return t(connected ? 'device.connected' : 'device.notConnected');
}

export function protocolLabel(t: Translate, protocol: DeviceProtocolName): string {
  return t(`protocol.${protocol}`);
}

/** What a serial looks like for the protocol, in the user's language (the rule itself is the contracts'). */
export function serialHint(t: Translate, protocol: DeviceProtocolName): string {
  return t(`serialHint.${protocol}`);
}

export function serialFits(protocol: DeviceProtocolName, serial: string): boolean {
  return DEVICE_SERIAL_RULES[protocol].pattern.test(serial);
}

/** Only TCP devices hold a connection, so only they can be asked for their position. */
export function canLocate(protocol: DeviceProtocolName): boolean {
  return protocol !== 'http';
}

/** A refused "locate now": 409 is the plain fact that the device is not connected, not a conflict between operators. */
export function describeLocateFailure(t: Translate, error: unknown): string {
  if (error instanceof RequestFailed && error.statusCode === 409) return t('device.notConnectedSentence');
  return describeFailure(t, error);
}
