import { APP_CONFIG, type AppConfig } from '@app/config';
import { DeviceChangeFeed } from '@app/device-commands';
import { createRedis } from '@app/redis';
import { Module } from '@nestjs/common';
import { FreshClockGuard } from './fresh-clock.guard';
import { HandsetAuthGuard } from './handset-auth.guard';
import { HandsetDevices } from './handset-devices';

/** Handset authentication, shared by every handset endpoint. */
@Module({
  providers: [
    HandsetDevices,
    HandsetAuthGuard,
    FreshClockGuard,
    {
      provide: DeviceChangeFeed,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new DeviceChangeFeed(createRedis(c.REDIS_URL, 'subscriber'), c.REDIS_PREFIX),
    },
  ],
  // The change feed also reaches the TCP device gateway: one subscription per process.
  exports: [HandsetDevices, HandsetAuthGuard, FreshClockGuard, DeviceChangeFeed],
})
export class HandsetAuthModule {}
