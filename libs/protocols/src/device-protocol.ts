import type { DeviceAlarmType, DeviceCommand, TcpDeviceProtocolName } from '@app/contracts';

/**
 * What a device protocol is: three pure parts in front of the same press intake
 * as HTTP. A protocol never stores anything; the gateway feeds it bytes, gets typed messages
 * and answers, and hands alarms to the intake.
 *
 * - a streaming **frame splitter**: bytes in, whole frames out (several per read, one split
 *   across reads, a size limit);
 * - a **decoder**: one frame to one typed message (with the answer the device expects, if any);
 * - an **encoder**: server commands (locate, SOS numbers) for a device bound to a session.
 *
 * Every function here is pure and deterministic (no clock, no I/O): the tests feed frames
 * shaped exactly like real devices' frames.
 */

/** The device protocols spoken over TCP (the contracts lib names them; `http` is the signed JSON API). */
export type TcpProtocolName = TcpDeviceProtocolName;
export type { DeviceCommand };

/** A GPS fix. Only valid fixes become positions: `V`, 0/0 and empty fields give none. */
export interface Position {
  lat: number;
  lng: number;
  accuracyM?: number;
  speedKmh?: number;
  courseDeg?: number;
  /** The device's own time of the fix, ISO-8601, when the frame has one (device clocks drift: never trusted for ordering). */
  fixedAt?: string;
}

/** A cell tower heard by the device (kept on the alarm: a fallback position for operators). */
export interface CellTower {
  mcc: number;
  mnc: number;
  lac: number;
  cid: number;
  rssi?: number;
}

/** A Wi-Fi access point heard by the device. The SSID may be empty or contain any character. */
export interface WifiAccessPoint {
  ssid: string;
  mac: string;
  rssi?: number;
}

/**
 * What an alarm frame means, decoded from every flag, never the first match: SOS wins over
 * everything, then fall, then taken off the wrist, then low battery; an alarm frame with no
 * flag this system recognises is `device_alarm` (a human looks at it, never silence).
 */
export type AlarmMeaning = DeviceAlarmType;

/** What the frame says about the device, beyond its identity. Every field is optional. */
export interface DeviceReport {
  batteryPct?: number;
  /** Signal strength as the device reports it (watch: 0-100 %, GT06: 0-4 bars mapped to 0-100 %). */
  signalPct?: number;
  position?: Position;
  cells?: CellTower[];
  wifi?: WifiAccessPoint[];
}

export type DeviceMessage =
  /** GT06 login (0x01): binds the connection to the IMEI. The watch has none: every frame carries its id. */
  | { kind: 'login'; report: DeviceReport }
  /** Watch `LK`, GT06 heartbeat 0x13: contact for supervision. */
  | { kind: 'heartbeat'; report: DeviceReport }
  /** Watch `UD…`, GT06 0x12 / 0x22: the last position. */
  | { kind: 'location'; report: DeviceReport }
  /**
   * Watch `AL…`, GT06 0x16 / 0x26 / 0x19. `meaning` is the ranked result; `flags` every flag
   * recognised (e.g. ['sos', 'low_battery']); `rawStatus` the status as sent (hex), for the timeline.
   */
  | { kind: 'alarm'; meaning: AlarmMeaning; flags: AlarmMeaning[]; rawStatus: string; report: DeviceReport }
  /** A well-formed frame of a type this system does not act on (answered when the protocol requires it). */
  | { kind: 'other'; type: string };

/** When the answer goes out: heartbeats and logins at once, alarms only after the commit. */
export type AnswerTiming = 'now' | 'after-commit';

export interface DecodedFrame {
  /**
   * The device id the frame carries (watch: every frame, exactly as sent; GT06: the login's
   * IMEI, 15 digits). Absent for GT06 frames after the login: the session knows the device.
   */
  deviceId?: string;
  message: DeviceMessage;
  /** The bytes the device expects back, if any, and when they may be sent. */
  answer?: { bytes: Buffer; timing: AnswerTiming };
  /**
   * The bytes that identify this frame for repeat detection: a device resends an unanswered
   * alarm byte for byte, so the same content from the same device is a repeat, and a new
   * press (new time or serial in the frame) is not.
   */
  content: Buffer;
  /** What the encoder needs to address this device later (watch maker, ZJ index; nothing for GT06). */
  addressing?: DeviceAddressing;
}

/** Decoding failed: the frame is recorded as bad and dropped; the connection lives on. */
export interface UndecodableFrame {
  error: string;
}

export type DecodeResult = DecodedFrame | UndecodableFrame;

export function isUndecodable(result: DecodeResult): result is UndecodableFrame {
  return 'error' in result;
}

/** How to address commands to a device: taken from its last frame (a watch answers in its own maker's dialect). */
export interface DeviceAddressing {
  /** Watch maker prefix as received (`SG`, `3G`, `CS`, `ZJ`…). */
  maker?: string;
  /** ZJ variant: the 4-hex index of the last frame. */
  index?: string;
}

/** Streaming frame splitter: keeps what is left over between reads. */
export interface FrameSplitter {
  /**
   * Returns the whole frames completed by this chunk, in order. Garbage between frames is
   * skipped. Throws FrameTooLarge when a frame grows past the protocol's limit (the gateway
   * then closes the connection).
   */
  push(chunk: Buffer): Buffer[];
  /** Bytes held that may still become a frame (0: nothing begun). The gateway bounds how long they may wait. */
  readonly pendingBytes: number;
}

export class FrameTooLarge extends Error {
  constructor(limit: number) {
    super(`frame larger than ${limit} bytes`);
  }
}

export interface DeviceProtocol {
  readonly name: TcpProtocolName;
  /** Largest frame accepted (bytes). */
  readonly maxFrameBytes: number;
  /** Whether a connection must start with a login frame (GT06): any other first frame closes it. */
  readonly requiresLogin: boolean;
  createSplitter(): FrameSplitter;
  decode(frame: Buffer): DecodeResult;
  /**
   * Encodes a command for the device with this id. `serial` is the gateway's command counter
   * for the connection (GT06 echoes it; the watch ignores it).
   */
  encodeCommand(deviceId: string, command: DeviceCommand, addressing: DeviceAddressing, serial: number): Buffer;
}
