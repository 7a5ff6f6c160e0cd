export * from './device-protocol';
export { rankAlarmFlags, orderAlarmFlags } from './alarm-ranking';
export * from './watch';
export * from './gt06';
