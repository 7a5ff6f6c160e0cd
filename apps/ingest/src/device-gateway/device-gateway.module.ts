import { DeviceCommandsModule } from '@app/device-commands';
import { Module } from '@nestjs/common';
import { AlarmsModule } from '../alarms/alarms.module';
import { AlarmsService } from '../alarms/alarms.service';
import { ALARM_INTAKE, type AlarmIntake } from './alarm-intake';
import { DeviceCommandsServer } from './device-commands-server';
import { DeviceListeners } from './device-listeners';
import { DevicePresence } from './device-presence';
import { DeviceRegistry } from './device-registry';
import { DeviceSessions } from './device-sessions';
import { GatewayMetrics } from './gateway-metrics';

/** The TCP device gateway: watch and GT06 listeners in front of the same press intake as the HTTP API. */
@Module({
  imports: [AlarmsModule, DeviceCommandsModule],
  providers: [
    {
      provide: ALARM_INTAKE,
      inject: [AlarmsService],
      // INTERIM until the shared press intake lands: the gateway's facts are not yet kept.
      useFactory: (alarms: AlarmsService): AlarmIntake => ({
        accept: (device, press) => alarms.accept({ ...device, signedAtMs: Date.now(), receivedAtMs: Date.now() }, press as never),
      }),
    },
    DeviceListeners,
    DeviceCommandsServer,
    DevicePresence,
    DeviceRegistry,
    DeviceSessions,
    GatewayMetrics,
  ],
  exports: [DeviceListeners],
})
export class DeviceGatewayModule {}
