import type { TcpDeviceProtocolName } from '@app/contracts';
import {
  buildGt06Alarm,
  buildGt06Login,
  buildWatchAlarm,
  buildWatchFrame,
  buildWatchHeartbeat,
  type DeviceProtocol,
  encodeGt06Answer,
  GT06_ALARM_CODE,
  GT06_PROTOCOL,
  gt06Protocol,
  WatchStatusBit,
  watchProtocol,
  watchStatusWithBits,
} from '@app/protocols';
import { DeviceSocket } from '../support/device-socket';

/**
 * Simulated watches and GT06 pendants for the benchmark: one persistent TCP connection per
 * device, bound by its first frame before anything is measured, then alarm frames whose
 * answer the device waits for (the TCP counterpart of an HTTP press and its 202).
 */

/** What the bench presses: an SOS, or a low-battery alarm to warm the alarm path up without an emergency. */
export type BenchAlarm = 'sos' | 'low_battery';

/** A frame to write and how to recognise the server's answer to it among everything the server sends. */
interface Exchange {
  frame: Buffer;
  isAnswer(frame: Buffer): boolean;
}

/** How one device of a protocol binds its connection and presses. `sequence` rises with every frame of a connection. */
interface DeviceDialect {
  protocol: DeviceProtocol;
  bind(serial: string, sequence: number): Exchange;
  /** A new alarm frame: its time and sequence make its content new, so the server never takes it for a resend. */
  alarm(serial: string, sequence: number, alarm: BenchAlarm): Exchange;
}

const HOME = { lat: 35.416, lng: 119.527 };
const CELL = { mcc: 460, mnc: 0, lac: 9520, cid: 3671 };
/** Above the low-battery threshold on an SOS, under it on the warm-up alarm: each frame means one thing. */
const BATTERY_PCT: Record<BenchAlarm, number> = { sos: 80, low_battery: 15 };
const MAKER = '3G';

/** The watch answers with the frame type as content (`[3G*id*0002*LK]`): the same envelope the device writes. */
function watchAnswer(serial: string, type: string): (frame: Buffer) => boolean {
  const expected = buildWatchFrame({ maker: MAKER, deviceId: serial }, type);
  return (frame) => frame.equals(expected);
}

function gt06Answer(protocolNumber: number, sequence: number): (frame: Buffer) => boolean {
  const expected = encodeGt06Answer(protocolNumber, sequence);
  return (frame) => frame.equals(expected);
}

const DIALECTS: Record<TcpDeviceProtocolName, DeviceDialect> = {
  watch: {
    protocol: watchProtocol,
    bind: (serial) => ({
      frame: buildWatchHeartbeat({ maker: MAKER, deviceId: serial }, { steps: 0, rolls: 0, batteryPct: BATTERY_PCT.sos }),
      isAnswer: watchAnswer(serial, 'LK'),
    }),
    alarm: (serial, _sequence, alarm) => ({
      frame: buildWatchAlarm(
        { maker: MAKER, deviceId: serial },
        {
          at: new Date(),
          fix: { kind: 'fix', ...HOME },
          batteryPct: BATTERY_PCT[alarm],
          status: watchStatusWithBits(alarm === 'sos' ? WatchStatusBit.sos : WatchStatusBit.lowBatteryAlarm),
          cells: { mcc: CELL.mcc, mnc: CELL.mnc, towers: [{ lac: CELL.lac, cid: CELL.cid, rssi: -71 }] },
        },
      ),
      isAnswer: watchAnswer(serial, 'AL'),
    }),
  },
  gt06: {
    protocol: gt06Protocol,
    bind: (serial, sequence) => ({ frame: buildGt06Login({ imei: serial, serial: sequence }), isAnswer: gt06Answer(GT06_PROTOCOL.login, sequence) }),
    alarm: (_serial, sequence, alarm) => ({
      frame: buildGt06Alarm({
        serial: sequence,
        fix: { time: new Date(), ...HOME, positioned: true },
        cell: CELL,
        voltageLevel: alarm === 'sos' ? 5 : 1,
        gsmSignal: 4,
        alarmCode: alarm === 'sos' ? GT06_ALARM_CODE.sos : GT06_ALARM_CODE.lowBattery,
      }),
      isAnswer: gt06Answer(GT06_PROTOCOL.alarm, sequence),
    }),
  },
};

/** How long a device waits for an answer before the press counts as refused (a real device would resend). */
const ANSWER_TIMEOUT_MS = 15_000;
/** Connections opened at once: a burst of hundreds of SYNs would measure the listen backlog, not the gateway. */
const CONNECT_CONCURRENCY = 50;

/** A device on its own bound connection. */
export class BenchDevice {
  private sequence = 0;

  private constructor(
    readonly serial: string,
    private readonly dialect: DeviceDialect,
    private readonly socket: DeviceSocket,
  ) {}

  /** Connects and binds (watch `LK`, GT06 login), waiting for the answer. */
  static async bind(port: number, protocol: TcpDeviceProtocolName, serial: string, localAddress?: string): Promise<BenchDevice> {
    const dialect = DIALECTS[protocol];
    const device = new BenchDevice(serial, dialect, await DeviceSocket.open(port, dialect.protocol, localAddress));
    try {
      await device.exchange(dialect.bind(serial, device.nextSequence()));
    } catch (error) {
      device.close();
      throw error;
    }
    return device;
  }

  /**
   * Writes a new alarm frame and resolves when its answer arrived (the server answers alarms
   * only once they are committed). Frames that are not its answer (a command) are skipped.
   */
  press(alarm: BenchAlarm): Promise<void> {
    return this.exchange(this.dialect.alarm(this.serial, this.nextSequence(), alarm));
  }

  close(): void {
    this.socket.close();
  }

  private nextSequence(): number {
    this.sequence = (this.sequence + 1) & 0xffff;
    return this.sequence;
  }

  private async exchange({ frame, isAnswer }: Exchange): Promise<void> {
    this.socket.send(frame);
    const deadline = performance.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const reply = await this.socket.next(Math.max(1, deadline - performance.now()));
      if (isAnswer(reply)) return;
    }
  }
}

/** One bound connection per serial, opened a few dozen at a time; closes what it opened if one fails. */
export async function bindDevices(
  port: number,
  protocol: TcpDeviceProtocolName,
  serials: string[],
  localAddressOf: (index: number) => string | undefined = () => undefined,
): Promise<BenchDevice[]> {
  const devices: BenchDevice[] = [];
  for (let i = 0; i < serials.length; i += CONNECT_CONCURRENCY) {
    const results = await Promise.allSettled(
      serials.slice(i, i + CONNECT_CONCURRENCY).map((serial, j) => BenchDevice.bind(port, protocol, serial, localAddressOf(i + j))),
    );
    for (const result of results) if (result.status === 'fulfilled') devices.push(result.value);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) {
      devices.forEach((d) => d.close());
      throw new Error(`a ${protocol} device could not bind its connection`, { cause: failed.reason });
    }
  }
  return devices;
}
