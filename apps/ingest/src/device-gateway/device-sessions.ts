import type { DeviceCommand, TcpProtocolName } from '@app/protocols';
import { Injectable } from '@nestjs/common';

/** What the session registry needs of a connection. */
export interface BoundConnection {
  readonly serial: string;
  /** The registration it was bound with: which resident its presses belong to. */
  readonly residentId: string;
  readonly protocolName: TcpProtocolName;
  /** Writes a command to the device; false when the socket is gone. */
  send(command: DeviceCommand): Promise<boolean>;
  /** Writes bytes the device is waiting for (an alarm's answer after its commit). */
  write(bytes: Buffer): boolean;
  close(reason: string): void;
}

/**
 * The devices connected to this ingest instance: one connection per device. A device that
 * connects again (a new SIM session, a reboot) replaces its old connection, which is closed:
 * answers and commands go to the connection the device listens on now.
 */
@Injectable()
export class DeviceSessions {
  private readonly bySerial = new Map<string, BoundConnection>();

  bind(connection: BoundConnection): void {
    const previous = this.bySerial.get(connection.serial);
    this.bySerial.set(connection.serial, connection);
    if (previous && previous !== connection) previous.close('replaced by a new connection of the same device');
  }

  /** Forgets the connection unless the device has connected again meanwhile; true when it was the current one. */
  release(connection: BoundConnection): boolean {
    if (this.bySerial.get(connection.serial) !== connection) return false;
    this.bySerial.delete(connection.serial);
    return true;
  }

  current(serial: string): BoundConnection | undefined {
    return this.bySerial.get(serial);
  }

  /** Delivers a console command when this instance holds the device's connection. */
  async deliver(serial: string, command: DeviceCommand): Promise<boolean> {
    const connection = this.bySerial.get(serial);
    return connection ? connection.send(command) : false;
  }

  get size(): number {
    return this.bySerial.size;
  }

  /** The connections held now. */
  all(): BoundConnection[] {
    return [...this.bySerial.values()];
  }
}
