export { gt06Protocol, GT06_MAX_FRAME_BYTES } from './gt06-protocol';
export { Gt06FrameSplitter } from './gt06-splitter';
export { decodeGt06Frame, GT06_PROTOCOL } from './gt06-decoder';
export { encodeGt06Answer, encodeGt06Command } from './gt06-encoder';
export { crc16X25 } from './gt06-crc';
export { ALARM_CODE as GT06_ALARM_CODE, TERMINAL_ALARM as GT06_TERMINAL_ALARM, withTerminalAlarm as gt06TerminalInfoWithAlarm } from './gt06-status';
export type { Gt06GpsFix } from './gt06-gps';
export {
  buildGt06Alarm,
  buildGt06Heartbeat,
  buildGt06Location,
  buildGt06Login,
  type DeviceFrameOptions as Gt06DeviceFrameOptions,
  type Gt06AlarmFields,
  type Gt06LocationFields,
  type Gt06LoginFields,
  type Gt06StatusFields,
} from './gt06-device-frames';
