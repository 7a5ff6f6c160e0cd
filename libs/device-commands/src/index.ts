export { DeviceConnectionRegistry, connectionTtlSeconds, CONNECTION_TTL_MARGIN_S } from './connection-registry';
export type { DeviceConnection, TouchResult } from './connection-registry';
export { DeviceCommandBus, DeviceCommandBusUnavailable } from './command-bus';
export type { DeviceCommandHandler, DeviceCommandOutcome, DeviceCommandBusOptions } from './command-bus';
export { deviceConnectionKey, deviceCommandsChannel, deviceCommandReplyKey } from './redis-keys';
export { DeviceCommandsModule } from './device-commands.module';
export { DeviceChangeAnnouncer, DeviceChangeFeed, deviceChangesChannel } from './device-changes';
