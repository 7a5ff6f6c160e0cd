import { type DeviceInput, deviceInputSchema, type DeviceListing, deviceSerialSchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { DevicesRepository } from './devices.repository';
import { DevicesService, type ProvisionedDevice } from './devices.service';
import { Audited } from '../audit/audited.decorator';

const serialParam = new ZodPipe(deviceSerialSchema);

@ApiTags('devices')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/devices')
export class DevicesController {
  constructor(
    private readonly service: DevicesService,
    private readonly devices: DevicesRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @Audited('device.create', 'device')
  provision(@Body(new ZodPipe(deviceInputSchema)) body: DeviceInput): Promise<ProvisionedDevice> {
    return this.service.provision(body);
  }

  @Get()
  list(): Promise<DeviceListing[]> {
    return this.devices.list();
  }

  @Post(':serial/rotate-secret')
  @HttpCode(200)
  @Audited('device.rotate_secret', 'device')
  rotateSecret(@Param('serial', serialParam) serial: string): Promise<{ serial: string; secret: string }> {
    return this.service.rotateSecret(serial);
  }

  @Post(':serial/disable')
  @HttpCode(200)
  @Audited('device.disable', 'device')
  disable(@Param('serial', serialParam) serial: string): Promise<DeviceListing> {
    return this.setEnabled(serial, false);
  }

  @Post(':serial/enable')
  @HttpCode(200)
  @Audited('device.enable', 'device')
  enable(@Param('serial', serialParam) serial: string): Promise<DeviceListing> {
    return this.setEnabled(serial, true);
  }

  private async setEnabled(serial: string, enabled: boolean): Promise<DeviceListing> {
    const device = await this.devices.setEnabled(serial, enabled);
    if (!device) throw new NotFoundException(`no device ${serial}`);
    return device;
  }
}
