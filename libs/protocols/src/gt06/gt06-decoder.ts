import type { CellTower, DecodedFrame, DecodeResult, DeviceMessage, DeviceReport } from '../device-protocol';
import { rankAlarmFlags } from '../alarm-ranking';
import { cellBytesAt, decodeCell } from './gt06-cell';
import { encodeGt06Answer } from './gt06-encoder';
import { type Gt06Envelope, openEnvelope } from './gt06-envelope';
import { decodeGpsBlock, GPS_BLOCK_BYTES } from './gt06-gps';
import { readStatusBlock, rawStatusHex, STATUS_BLOCK_BYTES, statusAlarmFlags, statusReport } from './gt06-status';

/** The protocol numbers this system acts on (Concox GT06 and its 4G successors). */
export const GT06_PROTOCOL = {
  login: 0x01,
  location: 0x12,
  heartbeat: 0x13,
  alarm: 0x16,
  lbsAlarm: 0x19,
  location4g: 0x22,
  alarm4g: 0x26,
} as const;

const IMEI_BYTES = 8;
const MILEAGE_BYTES = 4;

/**
 * One GT06 frame to one message. Never throws: a frame that is not well formed (start, LEN,
 * stop bytes, CRC) or whose known type cannot be read is `{ error }` and gets no answer.
 *
 * Decisions (see docs/device-protocols-gt06.md):
 * - Alarm packets are read in the standard Concox layout only, checked against their length.
 *   One that does not fit is still an alarm (`device_alarm`, its bytes as raw status) for a
 *   human: never silence, never a guessed SOS.
 * - A heartbeat whose status says SOS or fall (the terminal-info field or the alarm byte) is an
 *   alarm, answered after the commit like any alarm, so that the press is never lost.
 * - Other protocol numbers are `other` and get no answer.
 */
export function decodeGt06Frame(frame: Buffer): DecodeResult {
  const envelope = openEnvelope(frame);
  if ('error' in envelope) return envelope;
  const content = Buffer.from(envelope.protocolThroughSerial);
  switch (envelope.protocolNumber) {
    case GT06_PROTOCOL.login:
      return decodeLogin(envelope, content);
    case GT06_PROTOCOL.heartbeat:
      return decodeHeartbeat(envelope, content);
    case GT06_PROTOCOL.location:
    case GT06_PROTOCOL.location4g:
      return decodeLocation(envelope, content);
    case GT06_PROTOCOL.alarm:
    case GT06_PROTOCOL.alarm4g:
      return decodeAlarm(envelope, content, GPS_BLOCK_BYTES, true);
    case GT06_PROTOCOL.lbsAlarm:
      return decodeAlarm(envelope, content, 0, false);
    default:
      return { message: { kind: 'other', type: `0x${envelope.protocolNumber.toString(16).padStart(2, '0')}` }, content };
  }
}

/** Login 0x01: IMEI as 8 BCD bytes (a leading 0 nibble, then 15 digits), then optionally a type id and a time-zone word. */
function decodeLogin(envelope: Gt06Envelope, content: Buffer): DecodeResult {
  if (envelope.body.length < IMEI_BYTES) return { error: `GT06 login with ${envelope.body.length} content bytes` };
  const imei = envelope.body.subarray(0, IMEI_BYTES).toString('hex').slice(1);
  if (!/^\d{15}$/.test(imei)) return { error: 'GT06 login whose IMEI is not BCD digits' };
  return { deviceId: imei, message: { kind: 'login', report: {} }, answer: answerNow(envelope), content };
}

/**
 * Heartbeat 0x13: the status block. Always answered (a device that misses three answers
 * reboots), even when its content is not the standard 5 bytes: then it reports nothing.
 */
function decodeHeartbeat(envelope: Gt06Envelope, content: Buffer): DecodeResult {
  if (envelope.body.length !== STATUS_BLOCK_BYTES) return { message: { kind: 'heartbeat', report: {} }, answer: answerNow(envelope), content };
  const status = readStatusBlock(envelope.body, 0);
  const report = statusReport(status);
  const flags = statusAlarmFlags(status);
  if (flags.includes('sos') || flags.includes('fall')) {
    return alarmFrame(envelope, content, { kind: 'alarm', meaning: rankAlarmFlags(flags), flags, rawStatus: rawStatusHex(status), report });
  }
  return { message: { kind: 'heartbeat', report }, answer: answerNow(envelope), content };
}

/**
 * Location 0x12 / 0x22: GPS block, then the serving cell without a length byte; what follows
 * (0x22: ACC, upload mode, re-upload flag, sometimes mileage) is not needed. No answer.
 */
function decodeLocation(envelope: Gt06Envelope, content: Buffer): DecodeResult {
  const body = envelope.body;
  if (body.length < GPS_BLOCK_BYTES) return { error: `GT06 location with ${body.length} content bytes` };
  const report: DeviceReport = {};
  const position = decodeGpsBlock(body, 0);
  if (position) report.position = position;
  if (body.length >= GPS_BLOCK_BYTES + cellBytesAt(body, GPS_BLOCK_BYTES)) addCell(report, decodeCell(body, GPS_BLOCK_BYTES));
  return { message: { kind: 'location', report }, content };
}

/**
 * Alarm 0x16 / 0x26 (GPS block, LBS length byte counting itself, cell, status, optionally
 * mileage) and 0x19 (cell, status). Only a content whose length is exactly that of the
 * standard layout is read.
 */
function decodeAlarm(envelope: Gt06Envelope, content: Buffer, gpsBytes: number, hasLbsLength: boolean): DecodeResult {
  const body = envelope.body;
  const cellAt = gpsBytes + (hasLbsLength ? 1 : 0);
  if (body.length < cellAt + 2) return unparsedAlarm(envelope, content);
  const cellBytes = cellBytesAt(body, cellAt);
  const lbsBytes = hasLbsLength ? body[gpsBytes] : 1 + cellBytes;
  const statusAt = gpsBytes + (hasLbsLength ? lbsBytes : cellBytes);
  const standardLength = statusAt + STATUS_BLOCK_BYTES;
  // The GPS alarms of some models end with 4 bytes of mileage (Concox JM-VL03 document; Traccar reads them as odometer).
  const fits = body.length === standardLength || (gpsBytes > 0 && body.length === standardLength + MILEAGE_BYTES);
  if (lbsBytes < 1 + cellBytes || !fits) return unparsedAlarm(envelope, content);

  const status = readStatusBlock(body, statusAt);
  const report = statusReport(status);
  if (gpsBytes > 0) {
    const position = decodeGpsBlock(body, 0);
    if (position) report.position = position;
  }
  addCell(report, decodeCell(body, cellAt));
  const flags = statusAlarmFlags(status);
  return alarmFrame(envelope, content, { kind: 'alarm', meaning: rankAlarmFlags(flags), flags, rawStatus: rawStatusHex(status), report });
}

/** An alarm-type packet in a layout this system does not read: a human looks at its bytes. */
function unparsedAlarm(envelope: Gt06Envelope, content: Buffer): DecodedFrame {
  return alarmFrame(envelope, content, { kind: 'alarm', meaning: 'device_alarm', flags: [], rawStatus: content.toString('hex'), report: {} });
}

function alarmFrame(envelope: Gt06Envelope, content: Buffer, message: DeviceMessage): DecodedFrame {
  return { message, answer: { bytes: encodeGt06Answer(envelope.protocolNumber, envelope.serial), timing: 'after-commit' }, content };
}

function answerNow(envelope: Gt06Envelope): { bytes: Buffer; timing: 'now' } {
  return { bytes: encodeGt06Answer(envelope.protocolNumber, envelope.serial), timing: 'now' };
}

function addCell(report: DeviceReport, cell: CellTower | undefined): void {
  if (cell) report.cells = [cell];
}
