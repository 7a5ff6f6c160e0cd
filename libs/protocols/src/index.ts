export * from './device-protocol';
export * from './watch';
