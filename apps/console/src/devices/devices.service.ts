import { newDeviceSecret, SecretBox } from '@app/auth';
import type { DeviceInput, DeviceListing, ProvisionedDevice } from '@app/contracts';
import { isUniqueViolation } from '@app/database';
import { conflictWith } from '@app/http';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DevicePresence } from './device-presence';
import { DEVICE_SERIAL_CONSTRAINT, DevicesRepository } from './devices.repository';

@Injectable()
export class DevicesService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly secrets: SecretBox,
    private readonly presence: DevicePresence,
  ) {}

  /** An `http` handset gets its secret here, once (only its sealed form is stored); a TCP device is known by its id alone. */
  async provision(input: DeviceInput): Promise<ProvisionedDevice> {
    if (input.protocol === 'http') {
      const secret = newDeviceSecret();
      await this.store(input, this.secrets.seal(secret));
      return { serial: input.serial, residentId: input.residentId, secret };
    }
    await this.store(input);
    return { serial: input.serial, residentId: input.residentId, protocol: input.protocol };
  }

  private async store(input: DeviceInput, sealedSecret?: string): Promise<void> {
    let created: boolean;
    try {
      created = await this.devices.create({
        serial: input.serial,
        residentId: input.residentId,
        protocol: input.protocol,
        ...(sealedSecret ? { sealedSecret } : {}),
      });
    } catch (error) {
      if (isUniqueViolation(error, DEVICE_SERIAL_CONSTRAINT)) throw conflictWith('duplicate_serial', `serial "${input.serial}" is already provisioned`);
      throw error;
    }
    if (!created) throw new BadRequestException(`residentId: no resident ${input.residentId}`);
  }

  async list(): Promise<DeviceListing[]> {
    return this.presence.withConnected(await this.devices.list());
  }

  /** The old secret stops working at once: a handset must be given the new one. Only `http` handsets have one (409 for the others). */
  async rotateSecret(serial: string): Promise<{ serial: string; secret: string }> {
    const secret = newDeviceSecret();
    if (await this.devices.replaceSecret(serial, this.secrets.seal(secret))) return { serial, secret };
    const device = await this.devices.identity(serial);
    if (!device) throw new NotFoundException(`no device ${serial}`);
    throw conflictWith('device_has_no_secret', `${serial} speaks ${device.protocol}: it has no secret to rotate`);
  }
}
