import type { CellTower } from '../device-protocol';
import { encodeCell } from './gt06-cell';
import { GT06_PROTOCOL } from './gt06-decoder';
import { sealFrame, type SealOptions } from './gt06-envelope';
import { encodeGpsBlock, type Gt06GpsFix } from './gt06-gps';
import { ALARM_CODE, encodeStatusBlock, type Gt06Status, TERMINAL_GPS_TRACKING } from './gt06-status';

/**
 * Frames as a GT06 device sends them, built from fields with the right LEN and CRC: for the
 * simulator and the tests. The server never uses these.
 */
export interface DeviceFrameOptions extends SealOptions {
  /** The device's packet serial (0-65535); the server echoes it in its answer. */
  serial: number;
}

/** Language word of the Concox documents: 0x01 Chinese, 0x02 English. */
const ENGLISH = 0x02;

export interface Gt06LoginFields extends DeviceFrameOptions {
  /** 15 digits. */
  imei: string;
  /** Type identification code and time-zone word (bits 15-4 zone × 100, bit 3 west), sent by newer models. */
  typeId?: number;
  timeZoneWord?: number;
}

export function buildGt06Login(fields: Gt06LoginFields): Buffer {
  if (!/^\d{15}$/.test(fields.imei)) throw new RangeError(`an IMEI is 15 digits, not ${JSON.stringify(fields.imei)}`);
  const parts: Buffer[] = [Buffer.from(`0${fields.imei}`, 'hex')];
  if (fields.typeId !== undefined || fields.timeZoneWord !== undefined) parts.push(uint16(fields.typeId ?? 0));
  if (fields.timeZoneWord !== undefined) parts.push(uint16(fields.timeZoneWord));
  return sealFrame(GT06_PROTOCOL.login, Buffer.concat(parts), fields.serial, fields);
}

/** The status block: terminal info (see TERMINAL_ALARM and withTerminalAlarm), voltage level 0-6, GSM 0-4, alarm byte. */
export interface Gt06StatusFields {
  terminalInfo?: number;
  voltageLevel: number;
  gsmSignal: number;
  alarmCode?: number;
  language?: number;
}

function statusBlock(fields: Gt06StatusFields): Buffer {
  const status: Gt06Status = {
    terminalInfo: fields.terminalInfo ?? TERMINAL_GPS_TRACKING,
    voltageLevel: fields.voltageLevel,
    gsmSignal: fields.gsmSignal,
    alarmCode: fields.alarmCode ?? ALARM_CODE.normal,
    language: fields.language ?? ENGLISH,
  };
  return encodeStatusBlock(status);
}

export function buildGt06Heartbeat(fields: Gt06StatusFields & DeviceFrameOptions): Buffer {
  return sealFrame(GT06_PROTOCOL.heartbeat, statusBlock(fields), fields.serial, fields);
}

export interface Gt06LocationFields extends DeviceFrameOptions {
  /** 0x12 (GT06) or 0x22 (4G models: followed by ACC, upload mode and re-upload bytes). */
  protocol?: typeof GT06_PROTOCOL.location | typeof GT06_PROTOCOL.location4g;
  fix: Gt06GpsFix;
  cell: CellTower;
}

export function buildGt06Location(fields: Gt06LocationFields): Buffer {
  const protocol = fields.protocol ?? GT06_PROTOCOL.location;
  const parts: Buffer[] = [encodeGpsBlock(fields.fix), encodeCell(fields.cell)];
  // ACC low, upload mode 0x00 (upload at fixed interval), real-time (not re-uploaded).
  if (protocol === GT06_PROTOCOL.location4g) parts.push(Buffer.from([0x00, 0x00, 0x00]));
  return sealFrame(protocol, Buffer.concat(parts), fields.serial, fields);
}

export type Gt06AlarmFields = Gt06StatusFields &
  DeviceFrameOptions & { cell: CellTower } & (
    { protocol?: typeof GT06_PROTOCOL.alarm | typeof GT06_PROTOCOL.alarm4g; fix: Gt06GpsFix } | { protocol: typeof GT06_PROTOCOL.lbsAlarm }
  );

/** 0x16 / 0x26: GPS block, LBS length (counting itself), cell, status. 0x19: cell, status. */
export function buildGt06Alarm(fields: Gt06AlarmFields): Buffer {
  const cell = encodeCell(fields.cell);
  const status = statusBlock(fields);
  if (fields.protocol === GT06_PROTOCOL.lbsAlarm) return sealFrame(fields.protocol, Buffer.concat([cell, status]), fields.serial, fields);
  const protocol = fields.protocol ?? GT06_PROTOCOL.alarm;
  const body = Buffer.concat([encodeGpsBlock(fields.fix), Buffer.from([1 + cell.length]), cell, status]);
  return sealFrame(protocol, body, fields.serial, fields);
}

function uint16(value: number): Buffer {
  const buf = Buffer.alloc(2);
  buf.writeUInt16BE(value & 0xffff);
  return buf;
}
