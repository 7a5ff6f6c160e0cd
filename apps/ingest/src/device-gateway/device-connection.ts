import {
  type DecodedFrame,
  type DeviceAddressing,
  type DeviceCommand,
  type DeviceProtocol,
  FrameTooLarge,
  type FrameSplitter,
  isUndecodable,
  type TcpProtocolName,
} from '@app/protocols';
import { errorMessage } from '@app/errors';
import type { Logger } from '@nestjs/common';
import type { Socket } from 'node:net';
import { pressOfAlarmFrame } from './alarm-press';
import type { ContactKind, DeviceContacts } from '../contacts/device-contacts';
import type { DeviceRegistry, RegisteredDevice } from './device-registry';
import type { BoundConnection, DeviceSessions } from './device-sessions';
import type { PressIntake } from '../intake/press-intake';
import type { GatewayMetrics } from './gateway-metrics';
import type { DevicePresence } from './device-presence';

/** What every connection of one listener shares. */
export interface ConnectionContext {
  protocol: DeviceProtocol;
  registry: DeviceRegistry;
  contacts: DeviceContacts;
  intake: PressIntake;
  sessions: DeviceSessions;
  presence: DevicePresence;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Written to a device that has no SOS numbers when it first connects, so its SOS key dials the hotline. */
  hotlineNumber: string;
  /** How long a frame that has begun may take to complete (the idle timeout resets on every byte). */
  frameTimeoutMs: number;
}

/**
 * One device's TCP connection: bytes → frames (the protocol's splitter) → decoded messages.
 * The connection is bound to a device by its first frame (GT06: the login; watch: any frame,
 * each carries its id); unregistered ids are recorded and get no answer.
 *
 * Answers: heartbeats and logins at once; an alarm only after the intake committed it, as the
 * HTTP 202 (no answer when it could not be stored: the device sends it again). Nothing a
 * device sends can throw out of here: a bad frame is counted and dropped, a frame before a
 * GT06 login, another device's id, or an oversized frame closes the connection.
 */
export class DeviceConnection implements BoundConnection {
  private readonly splitter: FrameSplitter;
  private device?: RegisteredDevice;
  /** An id heard on this connection that is not provisioned: its further frames are counted for admins. */
  private unregisteredId?: string;
  private addressing: DeviceAddressing = {};
  private commandSerial = 0;
  /** Binding is asynchronous (a lookup); frames that arrive meanwhile wait for it, in order. */
  private binding: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  /** Runs while the splitter holds the beginning of a frame: a device trickling bytes is closed when it fires. */
  private frameDeadline?: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    private readonly context: ConnectionContext,
  ) {
    this.splitter = context.protocol.createSplitter();
  }

  get serial(): string {
    return this.device?.serial ?? '';
  }

  /** The resident the device was bound to (its registration when it connected). */
  get residentId(): string {
    return this.device?.residentId ?? '';
  }

  get protocolName(): TcpProtocolName {
    return this.context.protocol.name;
  }

  /** Bytes read from the socket. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (error) {
      if (error instanceof FrameTooLarge) this.context.metrics.badFrame(this.protocolName, 'too_large');
      this.close(errorMessage(error));
      return;
    }
    this.watchFrameDeadline(frames.length > 0);
    for (const frame of frames) this.frame(frame);
  }

  /** A frame begun must complete within frameTimeoutMs, counted from its first byte. */
  private watchFrameDeadline(completedFrames: boolean): void {
    if (completedFrames || this.splitter.pendingBytes === 0) this.clearFrameDeadline();
    if (this.splitter.pendingBytes === 0 || this.frameDeadline) return;
    this.frameDeadline = setTimeout(() => {
      this.context.metrics.badFrame(this.protocolName, 'too_slow');
      this.close(`frame not completed within ${this.context.frameTimeoutMs} ms`);
    }, this.context.frameTimeoutMs);
    this.frameDeadline.unref();
  }

  private clearFrameDeadline(): void {
    clearTimeout(this.frameDeadline);
    this.frameDeadline = undefined;
  }

  private frame(bytes: Buffer): void {
    const decoded = this.context.protocol.decode(bytes);
    if (isUndecodable(decoded)) {
      this.context.metrics.badFrame(this.protocolName, 'undecodable');
      this.context.logger.debug(`${this.protocolName} frame from ${this.remoteAddress} dropped: ${decoded.error}`);
      return;
    }
    if (this.device && (!decoded.deviceId || decoded.deviceId === this.device.serial)) {
      this.act(this.device, decoded);
      return;
    }
    this.binding = this.binding.then(() => this.bindThenAct(decoded)).catch((error: unknown) => this.fail('binding', error));
  }

  private async bindThenAct(decoded: DecodedFrame): Promise<void> {
    if (this.closed) return;
    if (this.device) {
      if (decoded.deviceId && decoded.deviceId !== this.device.serial) {
        this.context.metrics.badFrame(this.protocolName, 'foreign_id');
        this.close(`frame of ${decoded.deviceId} on the connection of ${this.device.serial}`);
        return;
      }
      this.act(this.device, decoded);
      return;
    }
    const id = decoded.deviceId ?? this.unregisteredId;
    if (!id || (this.context.protocol.requiresLogin && decoded.message.kind !== 'login' && !this.unregisteredId)) {
      this.context.metrics.badFrame(this.protocolName, 'before_login');
      this.close('the first frame must be a login');
      return;
    }
    const device = await this.context.registry.find(id, this.protocolName);
    if (!device) {
      this.unregisteredId = id;
      this.context.metrics.unregisteredFrame(this.protocolName);
      await this.context.registry.recordUnregistered(id, this.protocolName, this.remoteAddress);
      return;
    }
    this.device = device;
    this.unregisteredId = undefined;
    this.context.sessions.bind(this);
    this.context.presence.connected(device.serial, this.protocolName, this.remoteAddress);
    this.context.logger.log(`${this.protocolName} device ${device.serial} connected from ${this.remoteAddress}`);
    this.act(device, decoded);
    await this.writeSosNumbersIfNeeded(device);
  }

  /** What a frame of the bound device does. Returns at once: storing runs beside the next frames. */
  private act(device: RegisteredDevice, decoded: DecodedFrame): void {
    const { message } = decoded;
    this.context.metrics.frame(this.protocolName, message.kind);
    if (decoded.addressing) this.addressing = { ...this.addressing, ...decoded.addressing };
    this.context.presence.heard(device.serial);
    if (decoded.answer?.timing === 'now') this.write(decoded.answer.bytes);
    if (message.kind === 'alarm') {
      this.track(this.storeAlarm(device, decoded, message));
      return;
    }
    const kind: ContactKind = message.kind;
    const report = message.kind === 'other' ? {} : message.report;
    this.track(this.context.contacts.record(device.serial, kind, report).catch((error: unknown) => this.fail(`recording contact of ${device.serial}`, error)));
  }

  private async storeAlarm(device: RegisteredDevice, decoded: DecodedFrame, alarm: Extract<DecodedFrame['message'], { kind: 'alarm' }>): Promise<void> {
    const readAt = process.hrtime.bigint();
    const press = pressOfAlarmFrame(this.protocolName, device.serial, decoded, alarm);
    try {
      await this.context.intake.accept({ serial: device.serial, residentId: device.residentId, clockSkewMs: 0 }, press);
    } catch (error) {
      // Not stored: no answer, so the device sends the alarm again (an alarm is answered only once committed).
      this.context.logger.warn(`${this.protocolName} alarm of ${device.serial} not stored, left for the device to resend: ${errorMessage(error)}`);
      return;
    }
    if (decoded.answer?.timing === 'after-commit') {
      // The device may have reconnected while the alarm was stored: answer where it listens now.
      const connection = this.context.sessions.current(device.serial) ?? this;
      connection.write(decoded.answer.bytes);
      this.context.metrics.alarmAnswerSeconds.observe({ protocol: this.protocolName }, Number(process.hrtime.bigint() - readAt) / 1e9);
    }
    if (alarm.report.position || alarm.report.cells?.length || alarm.report.wifi?.length) {
      await this.context.contacts.record(device.serial, 'alarm', alarm.report).catch((error: unknown) => this.fail('recording the alarm position', error));
    }
  }

  /** A device with no SOS numbers dials the hotline; numbers set while it was away are written now. */
  private async writeSosNumbersIfNeeded(device: RegisteredDevice): Promise<void> {
    let numbers: string[] | undefined;
    if (device.sosNumbers === null) {
      if (await this.context.registry.assignHotline(device.serial, this.context.hotlineNumber)) numbers = [this.context.hotlineNumber];
      else numbers = (await this.context.registry.find(device.serial, this.protocolName))?.sosNumbers ?? undefined;
    } else if (device.sosNumbersPending) {
      numbers = device.sosNumbers;
    }
    if (!numbers?.length || !(await this.send({ kind: 'sos-numbers', numbers }))) return;
    await this.context.registry.sosNumbersWritten(device.serial, numbers);
    this.context.logger.log(`SOS numbers written to ${device.serial}`);
  }

  async send(command: DeviceCommand): Promise<boolean> {
    if (!this.device || this.closed) return false;
    this.commandSerial = (this.commandSerial + 1) & 0xffff;
    const bytes = this.context.protocol.encodeCommand(this.device.serial, command, this.addressing, this.commandSerial);
    return new Promise((resolve) => {
      if (!this.socket.writable) return resolve(false);
      this.socket.write(bytes, (error) => resolve(!error));
    });
  }

  write(bytes: Buffer): boolean {
    if (this.closed || !this.socket.writable) return false;
    this.socket.write(bytes);
    return true;
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.clearFrameDeadline();
    this.context.logger.debug(`${this.protocolName} connection ${this.device?.serial ?? this.remoteAddress} closed: ${reason}`);
    this.socket.destroy();
  }

  /** The socket is gone (closed by either side): forget the session unless the device connected again. */
  ended(): void {
    this.closed = true;
    this.clearFrameDeadline();
    if (this.device && this.context.sessions.release(this)) this.context.presence.disconnected(this.device.serial);
  }

  /** Alarms still being stored (shutdown waits for them, so their answers go out). */
  settled(): Promise<void> {
    return Promise.allSettled([...this.inFlight]).then(() => undefined);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private fail(what: string, error: unknown): void {
    this.context.logger.warn(`${this.protocolName} ${what} failed: ${errorMessage(error)}`);
  }

  private get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }
}
