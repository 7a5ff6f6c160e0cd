import {
  CONSOLE_ROLES,
  type DeviceInput,
  deviceInputSchema,
  type DeviceListing,
  type DeviceReassign,
  deviceReassignSchema,
  deviceSerialSchema,
  type ProvisionedDevice,
  type SosNumbersInput,
  sosNumbersInputSchema,
  type SosNumbersResult,
  type UnregisteredDevice,
} from '@app/contracts';
import type { DistrictFilter } from '@app/database';
import { conflictWith, ZodPipe } from '@app/http';
import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { DistrictGate } from '../districts/district-gate';
import { Scope } from '../districts/district-scope';
import { DeviceCommandsService } from './device-commands.service';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';
import { type AlsoConcerns, Audited, AuditAlsoConcerns } from '../audit/audited.decorator';

const serialParam = new ZodPipe(deviceSerialSchema);

@ApiTags('devices')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/devices')
export class DevicesController {
  constructor(
    private readonly service: DevicesService,
    private readonly commands: DeviceCommandsService,
    private readonly devices: DevicesRepository,
    private readonly gate: DistrictGate,
  ) {}

  @Post()
  @HttpCode(201)
  @Audited('device.create', 'device')
  provision(@Body(new ZodPipe(deviceInputSchema)) body: DeviceInput): Promise<ProvisionedDevice> {
    return this.service.provision(body);
  }

  @Get()
  list(): Promise<DeviceListing[]> {
    return this.service.list();
  }

  /** Ids heard on the TCP listeners that no enabled device answers to: handsets waiting to be registered. */
  @Get('unregistered')
  async unregistered(): Promise<{ items: UnregisteredDevice[] }> {
    return { items: await this.devices.unregistered() };
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

  /**
   * Gives a handset to another resident: disable it, reassign it, then enable it (409
   * `device_enabled` while it is enabled, so that no press lands on the wrong resident between
   * the two). Every ingest instance forgets what it held of the device at once, and a TCP
   * device still connected is disconnected to bind again. The audit record concerns both
   * residents.
   */
  @Post(':serial/reassign')
  @HttpCode(200)
  @Audited('device.reassign', 'device')
  async reassign(
    @Param('serial', serialParam) serial: string,
    @Body(new ZodPipe(deviceReassignSchema)) body: DeviceReassign,
    @AuditAlsoConcerns() alsoConcerns: AlsoConcerns,
  ): Promise<DeviceListing> {
    const result = await this.devices.reassign(serial, body.residentId);
    if ('device' in result) {
      alsoConcerns(result.previousResidentId);
      return result.device;
    }
    if (result.refused === 'no_device') throw new NotFoundException(`no device ${serial}`);
    if (result.refused === 'no_resident') throw new BadRequestException(`residentId: no resident ${body.residentId}`);
    throw conflictWith('device_enabled', `${serial} is enabled: disable it before giving it to another resident`);
  }

  /** Asks a connected TCP device for its position now (202 once written to it; 409 when it is not connected). */
  @Post(':serial/locate')
  @HttpCode(202)
  @Roles(...CONSOLE_ROLES)
  @Audited('device.locate', 'device')
  async locate(@Param('serial', serialParam) serial: string, @Scope() scope: DistrictFilter): Promise<{ serial: string; delivered: true }> {
    await this.gate.device(serial, scope);
    return this.commands.locate(serial);
  }

  /** The numbers the SOS key dials: stored, and written to the device now or at its next connection. */
  @Put(':serial/sos-numbers')
  @HttpCode(200)
  @Roles(...CONSOLE_ROLES)
  @Audited('device.sos_numbers', 'device')
  async setSosNumbers(
    @Param('serial', serialParam) serial: string,
    @Body(new ZodPipe(sosNumbersInputSchema)) body: SosNumbersInput,
    @Scope() scope: DistrictFilter,
  ): Promise<SosNumbersResult> {
    await this.gate.device(serial, scope);
    return this.commands.setSosNumbers(serial, body.numbers);
  }

  private async setEnabled(serial: string, enabled: boolean): Promise<DeviceListing> {
    const device = await this.devices.setEnabled(serial, enabled);
    if (!device) throw new NotFoundException(`no device ${serial}`);
    return device;
  }
}
