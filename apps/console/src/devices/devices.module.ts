import { SecretBox } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Module } from '@nestjs/common';
import { DeviceCommandsService } from './device-commands.service';
import { DevicePresenceModule } from './device-presence.module';
import { DevicesController } from './devices.controller';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';

@Module({
  imports: [DevicePresenceModule],
  controllers: [DevicesController],
  providers: [
    DevicesRepository,
    DevicesService,
    DeviceCommandsService,
    { provide: SecretBox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SecretBox(config.DEVICE_SECRET_KEY) },
  ],
})
export class DevicesModule {}
