import { type DeviceCommand, type DeviceProtocol, isUndecodable } from '@app/protocols';
import type { FrameChoice } from './args';

/** One watch or pendant the simulator plays. */
export interface SimulatedDevice {
  /** The id in its frames: watch id, GT06 IMEI. */
  id: string;
  label: string;
  /** Where the resident lives: the fix of its alarms and positions (none known: frames without a fix). */
  home?: { lat: number; lng: number };
  /** Watch maker prefix (`3G`). */
  maker?: string;
}

export interface FrameContext {
  /** The device's packet serial (GT06 writes it, the server echoes it; the watch has none). */
  serial: number;
  /** The device's clock. */
  at: Date;
  batteryPct: number;
}

/**
 * What differs between the two device protocols, on the device's side: the frames it writes and
 * how it reads the server's. Everything else (connection, login wait, answers, resends) is the
 * one TCP device client's.
 */
export interface DeviceDialect {
  /** The codec of `@app/protocols`: its splitter cuts the server's frames, its decoder says which answer a frame expects. */
  readonly protocol: DeviceProtocol;
  /** The frame a connection starts with, answered before the device sends anything else (GT06 login), if any. */
  loginFrame(device: SimulatedDevice, serial: number): Buffer | undefined;
  frame(device: SimulatedDevice, choice: FrameChoice, context: FrameContext): Buffer;
  /** A frame of either side, readable: `[3G*8800000003*0002*AL]`, `0x16 serial 0x0005 (78 78 05 16 …)`. */
  describe(frame: Buffer): string;
  /** The command in a frame from the server, if it is one. */
  command(frame: Buffer): DeviceCommand | undefined;
}

/** The bytes the server answers this frame with (what its own decoder says), or undefined when it gets no answer. */
export function expectedAnswer(protocol: DeviceProtocol, frame: Buffer): Buffer | undefined {
  const decoded = protocol.decode(frame);
  return isUndecodable(decoded) ? undefined : decoded.answer?.bytes;
}

/** What the console asked the device, in words. */
export function describeCommand(command: DeviceCommand): string {
  switch (command.kind) {
    case 'locate':
      return 'locate: report the position now';
    case 'sos-numbers':
      return `SOS numbers ${command.numbers.join(', ') || '(cleared)'}`;
  }
}

/** The cell tower the demo devices hear (China Mobile in Rizhao): alarms and positions carry one, as real devices do. */
export const DEMO_CELL = { mcc: 460, mnc: 0, lac: 0x5a2b, cid: 0x0c41 } as const;

/** The battery a frame reports when `--battery` is not given: a low-battery alarm comes with a low level. */
export function batteryFor(choice: FrameChoice, batteryPct: number | undefined): number {
  if (batteryPct !== undefined) return batteryPct;
  return choice.kind === 'alarm' && choice.type === 'low_battery' ? 10 : 80;
}
