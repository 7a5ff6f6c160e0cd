import { Module } from '@nestjs/common';
import { FreshClockGuard } from './fresh-clock.guard';
import { HandsetAuthGuard } from './handset-auth.guard';
import { HandsetDevices } from './handset-devices';

/** Handset authentication, shared by every handset endpoint. */
@Module({
  providers: [HandsetDevices, HandsetAuthGuard, FreshClockGuard],
  exports: [HandsetDevices, HandsetAuthGuard, FreshClockGuard],
})
export class HandsetAuthModule {}
