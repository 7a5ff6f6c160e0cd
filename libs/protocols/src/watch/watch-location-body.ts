import { CellTower, DeviceReport, Position, WifiAccessPoint } from '../device-protocol';

/**
 * The body `UD…` and `AL…` frames share (the fields after the type):
 *
 * 0 date ddMMyy · 1 time HHmmss · 2 validity A/V · 3 latitude · 4 N/S · 5 longitude · 6 E/W ·
 * 7 speed km/h · 8 course · 9 altitude · 10 satellites · 11 GSM signal % · 12 battery % ·
 * 13 steps · 14 rolls · 15 status (hex) · 16… cell count, then (when it is not 0) timing
 * advance, mcc, mnc and lac/cid/rssi triples; then the Wi-Fi count and ssid/mac/rssi triples;
 * sometimes one more field (an accuracy) at the end.
 *
 * Every field is read on its own: a field a firmware fills oddly is left out of the report and
 * never costs the rest of the frame (an alarm is decoded whatever its body looks like).
 */
const FIELD = { date: 0, time: 1, validity: 2, lat: 3, latHemisphere: 4, lng: 5, lngHemisphere: 6, speed: 7, course: 8 } as const;
const SIGNAL_FIELD = 11;
const BATTERY_FIELD = 12;
const STATUS_FIELD = 15;
const NETWORK_FIELDS_FROM = 16;

export interface LocationBody {
  report: DeviceReport;
  /** The status field as sent (trimmed), when the body reaches it. */
  status?: string;
}

/** Splits a frame body into fields. Commas inside Wi-Fi names are dealt with by the Wi-Fi reader. */
export function bodyFields(body: string): string[] {
  return body.length === 0 ? [] : body.split(',');
}

export function hasFullLocationBody(fields: string[]): boolean {
  return fields.length > STATUS_FIELD;
}

export function decodeLocationBody(fields: string[]): LocationBody {
  const report: DeviceReport = {};
  const position = decodePosition(fields);
  if (position) report.position = position;
  const signal = percent(fields[SIGNAL_FIELD]);
  if (signal !== undefined) report.signalPct = signal;
  const battery = percent(fields[BATTERY_FIELD]);
  if (battery !== undefined) report.batteryPct = battery;
  if (fields.length > NETWORK_FIELDS_FROM) Object.assign(report, decodeNetwork(fields.slice(NETWORK_FIELDS_FROM)));
  const status = fields[STATUS_FIELD];
  return status === undefined ? { report } : { report, status: status.trim() };
}

/** A battery or signal percentage (0-100), or undefined. */
export function percent(field: string | undefined): number | undefined {
  const value = integer(field);
  return value !== undefined && value >= 0 && value <= 100 ? value : undefined;
}

function integer(field: string | undefined): number | undefined {
  const text = field?.trim();
  return text !== undefined && /^-?\d{1,15}$/.test(text) ? Number.parseInt(text, 10) : undefined;
}

function decimal(field: string | undefined): number | undefined {
  const text = field?.trim();
  return text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number.parseFloat(text) : undefined;
}

/**
 * Only a valid fix is a position: `A`, both coordinates readable and in range, and not 0/0.
 * A signed coordinate wins over a contradicting hemisphere letter (`-33.48,N` is south): the
 * letter only turns a positive value negative. An empty letter leaves the value as it is.
 */
function decodePosition(fields: string[]): Position | undefined {
  if (fields[FIELD.validity]?.trim() !== 'A') return undefined;
  const lat = coordinate(fields[FIELD.lat], fields[FIELD.latHemisphere], 'S');
  const lng = coordinate(fields[FIELD.lng], fields[FIELD.lngHemisphere], 'W');
  if (lat === undefined || lng === undefined) return undefined;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) return undefined;
  const position: Position = { lat, lng };
  const speed = decimal(fields[FIELD.speed]);
  if (speed !== undefined && speed >= 0) position.speedKmh = speed;
  const course = decimal(fields[FIELD.course]);
  if (course !== undefined && course >= 0 && course <= 360) position.courseDeg = course;
  const fixedAt = deviceTime(fields[FIELD.date], fields[FIELD.time]);
  if (fixedAt) position.fixedAt = fixedAt;
  return position;
}

function coordinate(valueField: string | undefined, hemisphereField: string | undefined, negativeHemisphere: 'S' | 'W'): number | undefined {
  const value = decimal(valueField);
  if (value === undefined) return undefined;
  return value > 0 && hemisphereField?.trim().toUpperCase() === negativeHemisphere ? -value : value;
}

/** ddMMyy + HHmmss as ISO-8601 UTC (the watches report UTC), or undefined for an impossible date. */
function deviceTime(dateField: string | undefined, timeField: string | undefined): string | undefined {
  const date = /^(\d\d)(\d\d)(\d\d)$/.exec(dateField?.trim() ?? '');
  const time = /^(\d\d)(\d\d)(\d\d)$/.exec(timeField?.trim() ?? '');
  if (!date || !time) return undefined;
  const [day, month, year] = [Number(date[1]), Number(date[2]), 2000 + Number(date[3])];
  const [hour, minute, second] = [Number(time[1]), Number(time[2]), Number(time[3])];
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const roundTrips =
    at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day && at.getUTCHours() === hour && at.getUTCMinutes() === minute;
  return roundTrips && second < 60 ? at.toISOString().replace('.000Z', 'Z') : undefined;
}

/**
 * Cell towers, then Wi-Fi access points. A cell count of 0 is followed directly by the Wi-Fi
 * count (no timing advance, no mcc/mnc). Reading stops quietly where the fields stop making
 * sense: what was read so far is kept.
 */
function decodeNetwork(tokens: string[]): Pick<DeviceReport, 'cells' | 'wifi'> {
  const cellCount = integer(tokens[0]);
  if (cellCount === undefined || cellCount < 0) return {};
  let at = 1;
  let cells: CellTower[] = [];
  if (cellCount > 0) {
    const towersFrom = at + 3; // timing advance, mcc, mnc
    const towersEnd = towersFrom + 3 * cellCount;
    if (towersEnd > tokens.length) return {};
    cells = decodeCells(tokens[at + 1], tokens[at + 2], tokens.slice(towersFrom, towersEnd));
    at = towersEnd;
  }
  const wifi = decodeWifi(tokens.slice(at));
  return { ...(cells.length > 0 ? { cells } : {}), ...(wifi.length > 0 ? { wifi } : {}) };
}

/**
 * Some firmwares write lac and cid in hex (`55C0,3B882A2`). A device writes all its towers in
 * one base, so one hex letter anywhere in the list makes the whole list hex. An mcc/mnc that is
 * not decimal (`FFFF`: unknown network) makes the towers useless for geolocation: none kept.
 */
function decodeCells(mccField: string | undefined, mncField: string | undefined, triples: string[]): CellTower[] {
  const mcc = /^\d{1,3}$/.test(mccField?.trim() ?? '') ? Number(mccField) : undefined;
  const mnc = /^\d{1,3}$/.test(mncField?.trim() ?? '') ? Number(mncField) : undefined;
  if (mcc === undefined || mnc === undefined) return [];
  const ids = triples.filter((_, i) => i % 3 !== 2).map((field) => field.trim());
  const radix = ids.some((field) => /[A-Fa-f]/.test(field)) ? 16 : 10;
  const pattern = radix === 16 ? /^[0-9A-Fa-f]{1,8}$/ : /^\d{1,10}$/;
  const cells: CellTower[] = [];
  for (let i = 0; i + 2 < triples.length; i += 3) {
    const [lacField, cidField, rssiField] = [triples[i].trim(), triples[i + 1].trim(), triples[i + 2]];
    if (!pattern.test(lacField) || !pattern.test(cidField)) continue;
    const cell: CellTower = { mcc, mnc, lac: Number.parseInt(lacField, radix), cid: Number.parseInt(cidField, radix) };
    const rssi = integer(rssiField);
    if (rssi !== undefined) cell.rssi = rssi;
    cells.push(cell);
  }
  return cells;
}

const MAC = /^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/;

/**
 * Wi-Fi access points: a count, then ssid/mac/rssi. An SSID may be empty, hold brackets or
 * spaces, or even commas: when the field after a name is not a MAC address, the name runs on
 * to the next MAC address that is followed by an rssi, provided enough fields are left for
 * the access points still to come. Entries without a usable MAC (`0`, empty) are left out.
 */
function decodeWifi(tokens: string[]): WifiAccessPoint[] {
  const count = integer(tokens[0]);
  if (count === undefined || count <= 0) return [];
  const points: WifiAccessPoint[] = [];
  let at = 1;
  for (let remaining = count; remaining > 0 && at + 2 < tokens.length; remaining--) {
    let macAt = at + 1;
    if (!MAC.test(tokens[macAt].trim())) {
      for (let candidate = at + 2; candidate + 1 < tokens.length; candidate++) {
        const fitsTheRest = candidate + 2 + 3 * (remaining - 1) <= tokens.length;
        if (!fitsTheRest) break;
        if (MAC.test(tokens[candidate].trim()) && integer(tokens[candidate + 1]) !== undefined) {
          macAt = candidate;
          break;
        }
      }
    }
    const ssid = tokens.slice(at, macAt).join(',');
    const mac = tokens[macAt].trim();
    const rssi = integer(tokens[macAt + 1]);
    if (mac !== '' && mac !== '0') points.push(rssi === undefined ? { ssid, mac } : { ssid, mac, rssi });
    at = macAt + 2;
  }
  return points;
}
