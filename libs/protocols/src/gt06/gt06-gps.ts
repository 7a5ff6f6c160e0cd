import type { Position } from '../device-protocol';

/**
 * The GPS block of location and alarm packets (18 bytes):
 * date-time YY MM DD hh mm ss (binary, not BCD), GPS info byte (high nibble: block length,
 * low nibble: satellites), latitude and longitude (uint32, minutes × 30000, i.e. degrees ×
 * 1,800,000), speed (km/h), and the course/status word:
 *
 *     bit 13 real-time fix · bit 12 positioned · bit 11 west longitude · bit 10 north latitude
 *     bits 9-0 course (degrees)
 *
 * (the bit meanings of Traccar's Gt06ProtocolDecoder.decodeGps and the Concox documents:
 * latitude is south unless bit 10 is set, longitude is west when bit 11 is set).
 */
export const GPS_BLOCK_BYTES = 18;

const COORDINATE_UNITS_PER_DEGREE = 30_000 * 60;
const COURSE_MASK = 0x03ff;
const NORTH_LATITUDE = 1 << 10;
const WEST_LONGITUDE = 1 << 11;
const POSITIONED = 1 << 12;
const REAL_TIME = 1 << 13;
/** What the Concox documents put in the GPS info byte's high nibble: the length of the GPS data. */
const GPS_INFO_LENGTH = 12;

export interface Gt06GpsFix {
  time: Date;
  lat: number;
  lng: number;
  speedKmh?: number;
  courseDeg?: number;
  satellites?: number;
  /** False: the device has no fix and the coordinates are its last or zero (no position). */
  positioned?: boolean;
}

/** The fix in the GPS block at `at`; no position when the device says it is not positioned, or at 0/0. */
export function decodeGpsBlock(buf: Buffer, at: number): Position | undefined {
  const statusWord = buf.readUInt16BE(at + 16);
  if (!(statusWord & POSITIONED)) return undefined;
  const latAbs = buf.readUInt32BE(at + 7) / COORDINATE_UNITS_PER_DEGREE;
  const lngAbs = buf.readUInt32BE(at + 11) / COORDINATE_UNITS_PER_DEGREE;
  if (latAbs === 0 && lngAbs === 0) return undefined;
  if (latAbs > 90 || lngAbs > 180) return undefined;
  const position: Position = {
    lat: statusWord & NORTH_LATITUDE ? latAbs : -latAbs,
    lng: statusWord & WEST_LONGITUDE ? -lngAbs : lngAbs,
    speedKmh: buf[at + 15],
    courseDeg: statusWord & COURSE_MASK,
  };
  const fixedAt = decodeDeviceTime(buf, at);
  if (fixedAt) position.fixedAt = fixedAt;
  return position;
}

/** YY MM DD hh mm ss as the device sent it, as ISO-8601 (UTC); undefined when it is not a date. */
export function decodeDeviceTime(buf: Buffer, at: number): string | undefined {
  const [yy, month, day, hour, minute, second] = buf.subarray(at, at + 6);
  const time = new Date(Date.UTC(2000 + yy, month - 1, day, hour, minute, second));
  const sameFields =
    time.getUTCFullYear() === 2000 + yy &&
    time.getUTCMonth() === month - 1 &&
    time.getUTCDate() === day &&
    time.getUTCHours() === hour &&
    time.getUTCMinutes() === minute &&
    time.getUTCSeconds() === second;
  return sameFields ? time.toISOString() : undefined;
}

export function encodeDeviceTime(time: Date): Buffer {
  return Buffer.from([time.getUTCFullYear() - 2000, time.getUTCMonth() + 1, time.getUTCDate(), time.getUTCHours(), time.getUTCMinutes(), time.getUTCSeconds()]);
}

export function encodeGpsBlock(fix: Gt06GpsFix): Buffer {
  const positioned = fix.positioned ?? true;
  const block = Buffer.alloc(GPS_BLOCK_BYTES);
  encodeDeviceTime(fix.time).copy(block, 0);
  block[6] = (GPS_INFO_LENGTH << 4) | ((fix.satellites ?? 8) & 0x0f);
  block.writeUInt32BE(Math.round(Math.abs(fix.lat) * COORDINATE_UNITS_PER_DEGREE), 7);
  block.writeUInt32BE(Math.round(Math.abs(fix.lng) * COORDINATE_UNITS_PER_DEGREE), 11);
  block[15] = Math.min(255, Math.max(0, Math.round(fix.speedKmh ?? 0)));
  let statusWord = Math.round(fix.courseDeg ?? 0) & COURSE_MASK;
  if (fix.lat >= 0) statusWord |= NORTH_LATITUDE;
  if (fix.lng < 0) statusWord |= WEST_LONGITUDE;
  if (positioned) statusWord |= POSITIONED | REAL_TIME;
  block.writeUInt16BE(statusWord, 16);
  return block;
}
