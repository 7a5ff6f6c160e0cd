import { DeviceCommandBus } from '@app/device-commands';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DeviceSessions } from './device-sessions';

/** Serves the console's commands (locate, SOS numbers) for the devices whose connections this instance holds. */
@Injectable()
export class DeviceCommandsServer implements OnApplicationBootstrap {
  constructor(
    private readonly bus: DeviceCommandBus,
    private readonly sessions: DeviceSessions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.serve((serial, command) => this.sessions.deliver(serial, command));
  }
}
