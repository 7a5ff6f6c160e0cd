import {
  buildWatchAlarm,
  buildWatchHeartbeat,
  buildWatchLocation,
  type DeviceCommand,
  isUndecodable,
  type WatchFrameHeader,
  type WatchLocationFields,
  watchProtocol,
  WatchStatusBit,
  watchStatusWithBits,
} from '@app/protocols';
import type { FrameChoice, TcpAlarmType } from './args';
import { DEMO_CELL, type DeviceDialect, type FrameContext, type SimulatedDevice } from './device-dialect';

/** The maker prefix of a watch that does not say otherwise. */
const DEFAULT_MAKER = '3G';

/**
 * Leaving a geofence (bit 18 of the status word in the watch protocol documents): an alarm this
 * system does not act on, so the server sees a `device_alarm`, as with any flag it does not know.
 */
const GEOFENCE_EXIT_BIT = 18;

/** The status word bits a watch sets for each alarm. */
export const WATCH_ALARM_BITS: Record<TcpAlarmType, readonly number[]> = {
  sos: [WatchStatusBit.sos],
  fall: [WatchStatusBit.fall],
  low_battery: [WatchStatusBit.lowBatteryAlarm, WatchStatusBit.lowBattery],
  removed: [WatchStatusBit.removed],
  device_alarm: [GEOFENCE_EXIT_BIT],
};

function header(device: SimulatedDevice): WatchFrameHeader {
  return { maker: device.maker ?? DEFAULT_MAKER, deviceId: device.id };
}

function locationFields(device: SimulatedDevice, fix: boolean, context: FrameContext, status: number): WatchLocationFields {
  const position = fix && device.home;
  return {
    at: context.at,
    fix: position ? { kind: 'fix', ...position } : { kind: 'no-fix' },
    satellites: position ? 9 : 0,
    signalPct: 80,
    batteryPct: context.batteryPct,
    status,
    cells: { mcc: DEMO_CELL.mcc, mnc: DEMO_CELL.mnc, towers: [{ lac: DEMO_CELL.lac, cid: DEMO_CELL.cid, rssi: 60 }] },
  };
}

/** The content of a server frame (after the length field), or undefined when it is not a watch frame. */
function content(frame: Buffer): string | undefined {
  const decoded = watchProtocol.decode(frame);
  return isUndecodable(decoded) ? undefined : decoded.content.toString('utf8');
}

/** The "3G watch" text protocol, as the watch speaks it. */
export const watchDialect: DeviceDialect = {
  protocol: watchProtocol,
  // Every watch frame carries the id: there is no login.
  loginFrame: () => undefined,

  frame(device: SimulatedDevice, choice: FrameChoice, context: FrameContext): Buffer {
    switch (choice.kind) {
      case 'alarm':
        return buildWatchAlarm(header(device), locationFields(device, choice.fix, context, watchStatusWithBits(...WATCH_ALARM_BITS[choice.type])));
      case 'heartbeat':
        return buildWatchHeartbeat(header(device), { steps: 0, rolls: 0, batteryPct: context.batteryPct });
      case 'location':
        return buildWatchLocation(header(device), locationFields(device, choice.fix, context, 0));
    }
  },

  // Text frames: the frame is its own best description.
  describe: (frame) => frame.toString('utf8'),

  command(frame: Buffer): DeviceCommand | undefined {
    const text = content(frame);
    if (text === 'CR') return { kind: 'locate' };
    if (text?.startsWith('SOS,')) return { kind: 'sos-numbers', numbers: text.slice(4).split(',').filter(Boolean) };
    return undefined;
  },
};
