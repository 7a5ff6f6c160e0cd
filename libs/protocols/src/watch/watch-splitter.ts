import { FrameSplitter, FrameTooLarge } from '../device-protocol';

const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const STAR = 0x2a; // *
const LONGEST_ID = 20;

type HeaderMatch = 'header' | 'not-a-header' | 'need-more';

function isMakerByte(byte: number): boolean {
  return byte >= 0x21 && byte <= 0x7e && byte !== OPEN && byte !== CLOSE && byte !== STAR && byte !== 0x2c;
}

function isIdByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/**
 * Whether the `[` at `at` opens a frame: `[` + two maker characters + `*` + the device id + `*`.
 * Anything else is garbage (or a bracket inside a Wi-Fi name). Decided on at most 25 bytes,
 * so a read that ends in the middle of a header waits for the rest.
 */
function matchHeader(buffer: Buffer, at: number): HeaderMatch {
  for (let offset = 1; ; offset++) {
    if (at + offset >= buffer.length) return 'need-more';
    const byte = buffer[at + offset];
    if (offset <= 2) {
      if (!isMakerByte(byte)) return 'not-a-header';
    } else if (offset === 3) {
      if (byte !== STAR) return 'not-a-header';
    } else if (byte === STAR) {
      return offset > 4 ? 'header' : 'not-a-header';
    } else if (!isIdByte(byte) || offset - 3 > LONGEST_ID) {
      return 'not-a-header';
    }
  }
}

/**
 * Streaming splitter for the watch protocol. Byte-transparent: every frame comes out exactly as
 * it was received, escapes included (the decoder unescapes).
 *
 * A frame runs from a `[` that opens a header to the `]` that brings the bracket depth back to
 * zero. The length field is never used: it is wrong in many real frames, and a Wi-Fi name such
 * as `[LG_Wall-Mount A/C]e725` carries brackets of its own, which depth counting absorbs.
 *
 * A Wi-Fi name with an unbalanced `[` would keep a frame open forever; so a new header met
 * inside an open frame ends the open one there (it is handed on as it is, and an alarm in it
 * still decodes: the status comes before the Wi-Fi list). Until that next frame arrives the
 * open one waits; the size limit bounds the wait.
 */
export class WatchFrameSplitter implements FrameSplitter {
  /** Bytes not yet handed out: empty, or a frame in progress starting at 0. */
  private pending: Buffer = Buffer.alloc(0);
  /** Where scanning resumes in `pending`. */
  private scanAt = 0;
  private depth = 0;
  private inFrame = false;

  constructor(private readonly maxFrameBytes: number) {}

  get pendingBytes(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): Buffer[] {
    const buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    let frameStart = 0;
    let i = this.scanAt;

    while (i < buffer.length) {
      if (!this.inFrame) {
        const open = buffer.indexOf(OPEN, i);
        if (open < 0) {
          i = buffer.length;
          frameStart = buffer.length;
          break;
        }
        const match = matchHeader(buffer, open);
        if (match === 'need-more') {
          frameStart = open;
          i = open;
          break;
        }
        if (match === 'not-a-header') {
          i = open + 1;
          frameStart = i;
          continue;
        }
        this.inFrame = true;
        this.depth = 1;
        frameStart = open;
        i = open + 1;
        continue;
      }

      if (i - frameStart + 1 > this.maxFrameBytes) this.tooLarge();
      const byte = buffer[i];
      if (byte === OPEN) {
        const match = matchHeader(buffer, i);
        if (match === 'need-more') break;
        if (match === 'header') {
          // The open frame never balanced: it ends where the next one begins.
          frames.push(Buffer.from(buffer.subarray(frameStart, i)));
          frameStart = i;
          this.depth = 1;
          i++;
          continue;
        }
        this.depth++;
      } else if (byte === CLOSE) {
        this.depth--;
        if (this.depth === 0) {
          frames.push(Buffer.from(buffer.subarray(frameStart, i + 1)));
          this.inFrame = false;
          frameStart = i + 1;
        }
      }
      i++;
    }

    if (this.inFrame && buffer.length - frameStart > this.maxFrameBytes) this.tooLarge();
    // Keep only what may still become a frame; a copy, so one small leftover does not pin a large read.
    this.pending = Buffer.from(buffer.subarray(frameStart));
    this.scanAt = i - frameStart;
    return frames;
  }

  private tooLarge(): never {
    this.pending = Buffer.alloc(0);
    this.scanAt = 0;
    this.depth = 0;
    this.inFrame = false;
    throw new FrameTooLarge(this.maxFrameBytes);
  }
}
