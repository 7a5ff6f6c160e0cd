import { crc16X25 } from './gt06-crc';

/**
 * The GT06 envelope, shared by the splitter, the decoder, the server's encoder and the
 * device-side builder:
 *
 *     78 78 LEN(1) PROTO CONTENT… SERIAL(2) CRC(2) 0D 0A      (short frame)
 *     79 79 LEN(2) PROTO CONTENT… SERIAL(2) CRC(2) 0D 0A      (long frame)
 *
 * LEN counts PROTO + CONTENT + SERIAL + CRC; the CRC (CRC-16/X.25) covers LEN … SERIAL.
 */
export const SHORT_START = 0x78;
export const LONG_START = 0x79;
const STOP = [0x0d, 0x0a] as const;

/** PROTO + SERIAL + CRC: the smallest LEN a frame can declare (an empty content). */
export const MIN_DECLARED_LENGTH = 1 + 2 + 2;
/** START(2) + STOP(2) around the LEN field and what it counts. */
const START_AND_STOP_BYTES = 4;

export type FrameStart = 'short' | 'long';

/** Which kind of frame starts at `at`, if any (both start bytes must be there). */
export function frameStartAt(buf: Buffer, at: number): FrameStart | undefined {
  if (at + 1 >= buf.length || buf[at] !== buf[at + 1]) return undefined;
  if (buf[at] === SHORT_START) return 'short';
  if (buf[at] === LONG_START) return 'long';
  return undefined;
}

function lengthFieldBytes(start: FrameStart): number {
  return start === 'short' ? 1 : 2;
}

/**
 * The declared LEN of a frame starting at `at`, and the total size it implies (start to stop
 * bytes); undefined when the LEN field has not arrived yet.
 */
export function declaredSizeAt(buf: Buffer, at: number, start: FrameStart): { declaredLength: number; totalBytes: number } | undefined {
  const fieldBytes = lengthFieldBytes(start);
  if (at + 2 + fieldBytes > buf.length) return undefined;
  const declaredLength = start === 'short' ? buf[at + 2] : buf.readUInt16BE(at + 2);
  return { declaredLength, totalBytes: START_AND_STOP_BYTES + fieldBytes + declaredLength };
}

export function endsWithStopBytes(buf: Buffer, end: number): boolean {
  return end >= 2 && end <= buf.length && buf[end - 2] === STOP[0] && buf[end - 1] === STOP[1];
}

/** Whether the frame's CRC (the 2 bytes before the stop bytes) matches LEN … SERIAL. */
export function hasValidCrc(frame: Buffer): boolean {
  if (frame.length < 2 + 1 + MIN_DECLARED_LENGTH + 2) return false;
  const crcAt = frame.length - 4;
  return crc16X25(frame.subarray(2, crcAt)) === frame.readUInt16BE(crcAt);
}

/** A frame taken apart (its CRC already checked). */
export interface Gt06Envelope {
  start: FrameStart;
  /** LEN as the device declared it. Equal to the frame's real size for every well-formed frame. */
  declaredLength: number;
  protocolNumber: number;
  /** The bytes between PROTO and SERIAL. */
  body: Buffer;
  serial: number;
  /** PROTO … SERIAL: what identifies the frame for repeat detection. */
  protocolThroughSerial: Buffer;
}

/** Takes a whole frame apart; an error string when it is not a well-formed GT06 frame. */
export function openEnvelope(frame: Buffer): Gt06Envelope | { error: string } {
  const start = frameStartAt(frame, 0);
  if (!start) return { error: 'not a GT06 frame (no 78 78 / 79 79 start)' };
  const size = declaredSizeAt(frame, 0, start);
  if (!size) return { error: 'GT06 frame truncated before its length' };
  if (size.declaredLength < MIN_DECLARED_LENGTH) return { error: `GT06 frame declares length ${size.declaredLength}` };
  if (size.totalBytes !== frame.length) return { error: `GT06 frame of ${frame.length} bytes declares ${size.totalBytes}` };
  if (!endsWithStopBytes(frame, frame.length)) return { error: 'GT06 frame without 0D 0A stop bytes' };
  if (!hasValidCrc(frame)) return { error: 'GT06 frame with a bad CRC' };
  const protocolAt = 2 + lengthFieldBytes(start);
  const serialAt = frame.length - 6;
  return {
    start,
    declaredLength: size.declaredLength,
    protocolNumber: frame[protocolAt],
    body: frame.subarray(protocolAt + 1, serialAt),
    serial: frame.readUInt16BE(serialAt),
    protocolThroughSerial: frame.subarray(protocolAt, serialAt + 2),
  };
}

export interface SealOptions {
  /** A `79 79` frame with a 2-byte LEN (else `78 78`). */
  long?: boolean;
  /** Flip the CRC (tests: a frame the server must discard). */
  corruptCrc?: boolean;
}

/** Builds a whole frame around a protocol number and its content, with the right LEN and CRC. */
export function sealFrame(protocolNumber: number, body: Uint8Array, serial: number, options: SealOptions = {}): Buffer {
  const start: FrameStart = options.long ? 'long' : 'short';
  const fieldBytes = lengthFieldBytes(start);
  const declaredLength = 1 + body.length + 2 + 2;
  const maxDeclared = start === 'short' ? 0xff : 0xffff;
  if (declaredLength > maxDeclared) throw new RangeError(`GT06 content of ${body.length} bytes does not fit a ${start} frame`);
  const frame = Buffer.alloc(START_AND_STOP_BYTES + fieldBytes + declaredLength);
  const startByte = start === 'short' ? SHORT_START : LONG_START;
  frame[0] = startByte;
  frame[1] = startByte;
  if (start === 'short') frame[2] = declaredLength;
  else frame.writeUInt16BE(declaredLength, 2);
  const protocolAt = 2 + fieldBytes;
  frame[protocolAt] = protocolNumber;
  frame.set(body, protocolAt + 1);
  const serialAt = frame.length - 6;
  frame.writeUInt16BE(serial & 0xffff, serialAt);
  const crc = crc16X25(frame.subarray(2, serialAt + 2));
  frame.writeUInt16BE(options.corruptCrc ? crc ^ 0xffff : crc, serialAt + 2);
  frame[frame.length - 2] = STOP[0];
  frame[frame.length - 1] = STOP[1];
  return frame;
}
