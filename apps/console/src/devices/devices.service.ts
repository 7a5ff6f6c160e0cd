import { newDeviceSecret, SecretBox } from '@app/auth';
import type { DeviceInput } from '@app/contracts';
import { isUniqueViolation } from '@app/database';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DEVICE_SERIAL_CONSTRAINT, DevicesRepository } from './devices.repository';

export interface ProvisionedDevice {
  serial: string;
  residentId: string;
  /** Shown once, here; only its sealed form is stored. */
  secret: string;
}

@Injectable()
export class DevicesService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly secrets: SecretBox,
  ) {}

  async provision(input: DeviceInput): Promise<ProvisionedDevice> {
    const secret = newDeviceSecret();
    let created: boolean;
    try {
      created = await this.devices.create(input.serial, input.residentId, this.secrets.seal(secret));
    } catch (error) {
      if (isUniqueViolation(error, DEVICE_SERIAL_CONSTRAINT)) throw new ConflictException(`serial "${input.serial}" is already provisioned`);
      throw error;
    }
    if (!created) throw new BadRequestException(`residentId: no resident ${input.residentId}`);
    return { serial: input.serial, residentId: input.residentId, secret };
  }

  /** The old secret stops working at once: a handset must be given the new one. */
  async rotateSecret(serial: string): Promise<{ serial: string; secret: string }> {
    const secret = newDeviceSecret();
    if (!(await this.devices.replaceSecret(serial, this.secrets.seal(secret)))) throw new NotFoundException(`no device ${serial}`);
    return { serial, secret };
  }
}
