import type { TcpDeviceProtocolName } from '@app/contracts';

/**
 * The ids TCP devices send, as provisioning takes them (`POST /v1/devices`): a watch 10 digits or
 * its 15-digit IMEI, a GT06 the 15-digit IMEI of its login. Simulated devices get ids of the
 * usual length: 10 digits for a watch, 15 for a GT06.
 */
export const DEVICE_ID_DIGITS: Record<TcpDeviceProtocolName, number> = { watch: 10, gt06: 15 };

export function isDeviceId(protocol: TcpDeviceProtocolName, id: string): boolean {
  return protocol === 'gt06' ? /^\d{15}$/.test(id) : /^(\d{10}|\d{15})$/.test(id);
}

/** Whether ids 1 … count fit after the prefix (the prefix must leave at least one digit). */
export function simulatedDeviceIdsFit(protocol: TcpDeviceProtocolName, prefix: string, count: number): boolean {
  const free = DEVICE_ID_DIGITS[protocol] - prefix.length;
  return free >= 1 && count < 10 ** free;
}

/** The id of simulated device `n` (1-based): the prefix, then `n` zero-padded to the protocol's length. */
export function simulatedDeviceId(protocol: TcpDeviceProtocolName, prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(DEVICE_ID_DIGITS[protocol] - prefix.length, '0')}`;
}
