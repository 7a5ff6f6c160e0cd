import { DeviceCommandsModule } from '@app/device-commands';
import { Module } from '@nestjs/common';
import { DevicePresence } from './device-presence';

/** Device connectedness for any console feature that shows devices (devices, incidents). */
@Module({
  imports: [DeviceCommandsModule],
  providers: [DevicePresence],
  exports: [DevicePresence, DeviceCommandsModule],
})
export class DevicePresenceModule {}
