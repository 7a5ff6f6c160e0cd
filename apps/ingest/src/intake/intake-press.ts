import type { AlarmRequest, DeviceAlarmType } from '@app/contracts';

/** The device a press came from, however it reached ingest (a signed HTTP request, a TCP device protocol). */
export interface IntakeDevice {
  serial: string;
  residentId: string;
  /** The server's clock minus the device's when it sent the press (0 when the protocol carries no time). */
  clockSkewMs: number;
}

/**
 * One press as the intake takes it: the fields of the HTTP alarm request (`AlarmRequest`), plus
 * what a device protocol knows beyond them.
 */
export interface IntakePress extends Omit<AlarmRequest, 'type'> {
  /** The HTTP API's types, and what only device protocols decode (a watch taken off, an alarm no flag explains). */
  type: DeviceAlarmType;
  /**
   * More facts for the press's timeline entry, e.g. `{ protocol: 'gt06', rawStatus, cellTowers,
   * wifi }`. JSON only. The press's own fields (type, eventId, …) win over a fact of the same name.
   */
  facts?: Record<string, unknown>;
}
