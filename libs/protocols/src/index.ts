export * from './device-protocol';
