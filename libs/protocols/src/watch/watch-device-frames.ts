import { WifiAccessPoint } from '../device-protocol';
import { escapeWatchBinary, formatWatchFrame, WatchFrameHeader } from './watch-frame-format';

/**
 * Device-side frames, as a watch writes them: for the simulator and the tests. They reproduce
 * what real watches do, quirks included (a wrong length field, signed coordinates against their
 * hemisphere letter, empty letters, leading spaces, hex cell ids, odd Wi-Fi names), because the
 * server must cope with all of them.
 */

export interface WatchFrameOptions {
  /** Written instead of the correct length field: many real watches send a wrong one. */
  lengthField?: string;
}

export interface WatchTypedFrameOptions extends WatchFrameOptions {
  /** The message type: `AL`, `AL_LTE`, `ALCUSTOMER1`…, `UD`, `UD2`, `UD_LTE`, `UD_WCDMA`… */
  type?: string;
}

/** Any frame from its content (a string is written as UTF-8). */
export function buildWatchFrame(header: WatchFrameHeader, content: string | Buffer, options: WatchFrameOptions = {}): Buffer {
  return formatWatchFrame(header, content, options.lengthField);
}

/** A binary frame (voice `TK`, picture `img`…): `TYPE,` then the payload, escaped as on the wire. */
export function buildWatchBinaryFrame(header: WatchFrameHeader, type: string, payload: Buffer, options: WatchFrameOptions = {}): Buffer {
  return buildWatchFrame(header, Buffer.concat([Buffer.from(`${type},`, 'latin1'), escapeWatchBinary(payload)]), options);
}

export interface WatchHeartbeatFields {
  steps: number;
  rolls: number;
  batteryPct: number;
}

/** `LK`, or `LK,steps,rolls,battery`. */
export function buildWatchHeartbeat(header: WatchFrameHeader, fields?: WatchHeartbeatFields, options: WatchFrameOptions = {}): Buffer {
  const content = fields ? `LK,${fields.steps},${fields.rolls},${fields.batteryPct}` : 'LK';
  return buildWatchFrame(header, content, options);
}

/** The GPS part of a location body. */
export type WatchFix =
  /** A valid fix, written the usual way: absolute values and N/S, E/W letters. */
  | { kind: 'fix'; lat: number; lng: number }
  /** No fix, the way most watches write it: `V,00.000000,N,000.000000,E`. */
  | { kind: 'no-fix' }
  /** The five fields exactly as given: for the quirks (`-33.48,N`, `' 9.15'`, empty letters, empty values). */
  | { kind: 'as-written'; validity: string; lat: string; latHemisphere: string; lng: string; lngHemisphere: string };

export interface WatchCellList {
  mcc: number | string;
  mnc: number | string;
  timingAdvance?: number;
  towers: { lac: number; cid: number; rssi?: number }[];
  /** Write lac and cid in uppercase hex, as some firmwares do. */
  hex?: boolean;
}

export interface WatchLocationFields {
  /** The device's clock: written as ddMMyy,HHmmss in UTC. */
  at: Date;
  fix: WatchFix;
  speedKmh?: number;
  courseDeg?: number;
  altitudeM?: number;
  satellites?: number;
  signalPct?: number;
  batteryPct?: number;
  steps?: number;
  rolls?: number;
  /** A number is written as 8 hex digits; a string exactly as given (`'0001'`: the 4-digit firmwares). */
  status?: number | string;
  cells?: WatchCellList;
  /** Written raw, as a watch does: a name may hold brackets, spaces or commas, or be empty. */
  wifi?: WifiAccessPoint[];
  /** One more field some firmwares add at the end (an accuracy: `0.0`, `15.0`). */
  trailer?: string;
}

/** An alarm frame (`AL` unless `options.type` says otherwise). */
export function buildWatchAlarm(header: WatchFrameHeader, fields: WatchLocationFields, options: WatchTypedFrameOptions = {}): Buffer {
  return buildWatchFrame(header, `${options.type ?? 'AL'},${locationBody(fields)}`, options);
}

/** A location frame (`UD` unless `options.type` says otherwise). */
export function buildWatchLocation(header: WatchFrameHeader, fields: WatchLocationFields, options: WatchTypedFrameOptions = {}): Buffer {
  return buildWatchFrame(header, `${options.type ?? 'UD'},${locationBody(fields)}`, options);
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

function fixFields(fix: WatchFix): string[] {
  switch (fix.kind) {
    case 'fix':
      return ['A', Math.abs(fix.lat).toFixed(6), fix.lat < 0 ? 'S' : 'N', Math.abs(fix.lng).toFixed(7), fix.lng < 0 ? 'W' : 'E'];
    case 'no-fix':
      return ['V', '00.000000', 'N', '000.000000', 'E'];
    case 'as-written':
      return [fix.validity, fix.lat, fix.latHemisphere, fix.lng, fix.lngHemisphere];
  }
}

function cellFields(cells: WatchCellList | undefined): string[] {
  if (!cells || cells.towers.length === 0) return ['0'];
  const id = (value: number) => (cells.hex ? value.toString(16).toUpperCase() : String(value));
  const towers = cells.towers.flatMap((tower) => [id(tower.lac), id(tower.cid), tower.rssi === undefined ? '' : String(tower.rssi)]);
  return [String(cells.towers.length), String(cells.timingAdvance ?? 0), String(cells.mcc), String(cells.mnc), ...towers];
}

function wifiFields(wifi: WifiAccessPoint[] | undefined): string[] {
  const points = wifi ?? [];
  return [String(points.length), ...points.flatMap((point) => [point.ssid, point.mac, point.rssi === undefined ? '' : String(point.rssi)])];
}

function locationBody(fields: WatchLocationFields): string {
  const { at } = fields;
  const status = typeof fields.status === 'string' ? fields.status : (fields.status ?? 0).toString(16).toUpperCase().padStart(8, '0');
  return [
    `${twoDigits(at.getUTCDate())}${twoDigits(at.getUTCMonth() + 1)}${twoDigits(at.getUTCFullYear() % 100)}`,
    `${twoDigits(at.getUTCHours())}${twoDigits(at.getUTCMinutes())}${twoDigits(at.getUTCSeconds())}`,
    ...fixFields(fields.fix),
    (fields.speedKmh ?? 0).toFixed(2),
    (fields.courseDeg ?? 0).toFixed(1),
    (fields.altitudeM ?? 0).toFixed(1),
    String(fields.satellites ?? 0),
    String(fields.signalPct ?? 100),
    String(fields.batteryPct ?? 100),
    String(fields.steps ?? 0),
    String(fields.rolls ?? 0),
    status,
    ...cellFields(fields.cells),
    ...wifiFields(fields.wifi),
    ...(fields.trailer === undefined ? [] : [fields.trailer]),
  ].join(',');
}
