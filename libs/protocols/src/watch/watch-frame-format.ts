/**
 * The watch frame envelope, shared by the server's answers and commands and by the device-side
 * builder (simulator, tests): `[MM*ID*LLLL*content]`, or `[MM*ID*IIII*LLLL*content]` for the
 * ZJ variant, where LLLL is the content's byte length as 4 uppercase hex digits.
 *
 * Binary payloads (voice, pictures) travel escaped: the five bytes that structure a frame are
 * sent as `0x7D` followed by 0x01..0x05, so a payload never contains a raw bracket and bracket
 * depth framing stays sound.
 */

/** Who a frame is addressed to or from: the maker prefix, the device id, and the ZJ index if the device uses one. */
export interface WatchFrameHeader {
  /** Two characters, echoed as the device sent them (`SG`, `3G`, `CS`, `ZJ`…). */
  maker: string;
  /** The device id exactly as the watch sends it (10 digits or the 15-digit IMEI). */
  deviceId: string;
  /** ZJ variant: 4 hex digits written after the id. */
  index?: string;
}

const ESCAPE = 0x7d;
/** Escaped byte → the code written after 0x7D. */
const ESCAPE_CODES: ReadonlyMap<number, number> = new Map([
  [0x7d, 0x01], // }
  [0x5b, 0x02], // [
  [0x5d, 0x03], // ]
  [0x2c, 0x04], // ,
  [0x2a, 0x05], // *
]);
const UNESCAPED: ReadonlyMap<number, number> = new Map([...ESCAPE_CODES].map(([byte, code]) => [code, byte]));

/** Escapes a binary payload for the wire. */
export function escapeWatchBinary(payload: Buffer): Buffer {
  const out: number[] = [];
  for (const byte of payload) {
    const code = ESCAPE_CODES.get(byte);
    if (code === undefined) out.push(byte);
    else out.push(ESCAPE, code);
  }
  return Buffer.from(out);
}

/**
 * Undoes the escaping. A `}` not followed by 0x01..0x05 is kept as it is: text frames do not
 * escape, and a Wi-Fi name may well contain a `}`.
 */
export function unescapeWatchBinary(bytes: Buffer): Buffer {
  if (!bytes.includes(ESCAPE)) return bytes;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const original = bytes[i] === ESCAPE && i + 1 < bytes.length ? UNESCAPED.get(bytes[i + 1]) : undefined;
    if (original === undefined) {
      out.push(bytes[i]);
    } else {
      out.push(original);
      i++;
    }
  }
  return Buffer.from(out);
}

/** The length field: the content's byte length as 4 uppercase hex digits. */
export function watchLengthField(content: Buffer): string {
  if (content.length > 0xffff) throw new RangeError(`watch frame content of ${content.length} bytes does not fit a 4-hex length`);
  return content.length.toString(16).toUpperCase().padStart(4, '0');
}

/** Two printable characters, none of the frame's own delimiters. */
export function isWatchMaker(maker: string): boolean {
  return /^[\x21-\x7e]{2}$/.test(maker) && !/[[\]*,]/.test(maker);
}

/** The ids real watches send: 10 digits or a 15-digit IMEI (some send 9; letters are tolerated). */
export function isWatchDeviceId(deviceId: string): boolean {
  return /^[0-9A-Za-z]{1,20}$/.test(deviceId);
}

/** The ZJ index, and the shape of a well-formed length field. */
export function isHex4(field: string): boolean {
  return /^[0-9A-Fa-f]{4}$/.test(field);
}

/**
 * Writes a whole frame. `lengthField` replaces the computed length: only the device-side
 * builder uses it, to reproduce the real devices whose length field is wrong.
 */
export function formatWatchFrame(header: WatchFrameHeader, content: Buffer | string, lengthField?: string): Buffer {
  if (!isWatchMaker(header.maker)) throw new RangeError(`invalid watch maker ${JSON.stringify(header.maker)}`);
  if (!isWatchDeviceId(header.deviceId)) throw new RangeError(`invalid watch device id ${JSON.stringify(header.deviceId)}`);
  if (header.index !== undefined && !isHex4(header.index)) throw new RangeError(`invalid watch index ${JSON.stringify(header.index)}`);
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const prefix = [header.maker, header.deviceId, ...(header.index === undefined ? [] : [header.index]), lengthField ?? watchLengthField(body)];
  return Buffer.concat([Buffer.from(`[${prefix.join('*')}*`, 'latin1'), body, Buffer.from(']', 'latin1')]);
}
