import { SecretBox } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DeviceChangeAnnouncer } from '@app/device-commands';
import { REDIS_COMMAND } from '@app/redis';
import { Module } from '@nestjs/common';
import type IORedis from 'ioredis';
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
    {
      provide: DeviceChangeAnnouncer,
      inject: [REDIS_COMMAND, APP_CONFIG],
      useFactory: (r: IORedis, c: AppConfig) => new DeviceChangeAnnouncer(r, c.REDIS_PREFIX),
    },
    { provide: SecretBox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SecretBox(config.DEVICE_SECRET_KEY) },
  ],
})
export class DevicesModule {}
