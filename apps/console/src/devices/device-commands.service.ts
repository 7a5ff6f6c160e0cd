import type { DeviceCommand, SosNumbersResult } from '@app/contracts';
import { DeviceCommandBus, DeviceCommandBusUnavailable, DeviceConnectionRegistry } from '@app/device-commands';
import { errorMessage } from '@app/errors';
import { conflictWith } from '@app/http';
import { Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { type DeviceIdentity, DevicesRepository } from './devices.repository';

export const NOT_CONNECTED = 'the device is not connected';

type Delivery = 'delivered' | 'not_connected';

/**
 * Operators' commands to TCP devices (locate now, SOS numbers). The command goes over the
 * device command bus to whichever ingest instance holds the device's connection; a device
 * the registry does not know as connected is answered at once, without waiting on the bus.
 */
@Injectable()
export class DeviceCommandsService {
  private readonly logger = new Logger('DeviceCommands');

  constructor(
    private readonly devices: DevicesRepository,
    private readonly registry: DeviceConnectionRegistry,
    private readonly bus: DeviceCommandBus,
  ) {}

  /** 404 unknown, 409 not connected (or an http handset, which takes no commands), 503 when Redis does not answer. */
  async locate(serial: string): Promise<{ serial: string; delivered: true }> {
    await this.tcpDevice(serial);
    let outcome: Delivery;
    try {
      outcome = await this.send(serial, { kind: 'locate' });
    } catch (error) {
      if (error instanceof DeviceCommandBusUnavailable) throw new ServiceUnavailableException('the device gateway could not be reached, try again shortly');
      throw error;
    }
    if (outcome !== 'delivered') throw conflictWith('device_not_connected', NOT_CONNECTED);
    return { serial, delivered: true };
  }

  /**
   * Stored first, as still to be written: if the device is not connected now, or the write
   * cannot be confirmed, the ingest instance it next connects to writes them (writing the same
   * numbers twice is harmless). Redis being away never loses the change.
   */
  async setSosNumbers(serial: string, numbers: string[]): Promise<SosNumbersResult> {
    await this.tcpDevice(serial);
    if (!(await this.devices.storeSosNumbers(serial, numbers))) throw new NotFoundException(`no device ${serial}`);
    let delivered = false;
    try {
      delivered = (await this.send(serial, { kind: 'sos-numbers', numbers })) === 'delivered';
    } catch (error) {
      if (!(error instanceof DeviceCommandBusUnavailable)) throw error;
      this.logger.warn(`SOS numbers of ${serial} stay pending: ${error.message}`);
    }
    if (delivered) await this.devices.sosNumbersDelivered(serial, numbers);
    return { serial, sosNumbers: numbers, delivered };
  }

  private async tcpDevice(serial: string): Promise<DeviceIdentity> {
    const device = await this.devices.identity(serial);
    if (!device) throw new NotFoundException(`no device ${serial}`);
    if (device.protocol === 'http')
      throw conflictWith('device_takes_no_commands', `${serial} is an http handset: it holds no connection and takes no commands`);
    return device;
  }

  private async send(serial: string, command: DeviceCommand): Promise<Delivery> {
    let registered: boolean;
    try {
      registered = (await this.registry.connection(serial)) !== undefined;
    } catch (error) {
      throw new DeviceCommandBusUnavailable(`the connection registry failed: ${errorMessage(error)}`);
    }
    return registered ? this.bus.request(serial, command) : 'not_connected';
  }
}
