import { SecretBox } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Module } from '@nestjs/common';
import { DevicesController } from './devices.controller';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';

@Module({
  controllers: [DevicesController],
  providers: [
    DevicesRepository,
    DevicesService,
    { provide: SecretBox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SecretBox(config.DEVICE_SECRET_KEY) },
  ],
})
export class DevicesModule {}
