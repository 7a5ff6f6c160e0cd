import { DeviceCommandsModule } from '@app/device-commands';
import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { HandsetAuthModule } from '../handset-auth/handset-auth.module';
import { IntakeModule } from '../intake/intake.module';
import { DeviceCommandsServer } from './device-commands-server';
import { DeviceListeners } from './device-listeners';
import { DevicePresence } from './device-presence';
import { DeviceRegistry } from './device-registry';
import { DeviceSessions } from './device-sessions';
import { GatewayMetrics } from './gateway-metrics';
import { RegistrationWatch } from './registration-watch';

/** The TCP device gateway: watch and GT06 listeners in front of the same press intake as the HTTP API. */
@Module({
  imports: [IntakeModule, ContactsModule, DeviceCommandsModule, HandsetAuthModule],
  providers: [DeviceListeners, DeviceCommandsServer, DevicePresence, DeviceRegistry, DeviceSessions, GatewayMetrics, RegistrationWatch],
  exports: [DeviceListeners],
})
export class DeviceGatewayModule {}
