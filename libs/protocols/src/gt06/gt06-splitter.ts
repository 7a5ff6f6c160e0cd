import { FrameTooLarge, type FrameSplitter } from '../device-protocol';
import { declaredSizeAt, endsWithStopBytes, frameStartAt, hasValidCrc, LONG_START, MIN_DECLARED_LENGTH, SHORT_START } from './gt06-envelope';

/**
 * Streaming GT06 splitter. Framing is driven by the LEN field and confirmed by the `0D 0A`
 * stop bytes at the place LEN points to; a `78 78` inside a payload is only ever looked at
 * when the stream has lost its place.
 *
 * Losing and finding the place again:
 * - bytes before a start pair are garbage and skipped;
 * - a start whose LEN is impossible, or whose stop bytes are not where LEN says, was not a
 *   frame: one byte is skipped and the search goes on;
 * - a candidate still waiting for bytes, or a complete one whose CRC is wrong, gives way to a
 *   complete frame with a valid CRC that starts inside it. Without this, garbage such as
 *   `78 78 FF` in front of a login would hold the login back until 260 bytes had arrived,
 *   while the device waits for the login's answer. (A valid frame inside a valid frame's
 *   payload would need a matching CRC and stop bytes by chance; not a case worth a design.)
 * - a complete candidate with stop bytes but a bad CRC, with nothing valid inside it, goes
 *   out as it is: the decoder records it as a bad frame.
 *
 * Size limit: a frame that must start here (at the start of the stream or right after a
 * frame) and declares more than the limit throws FrameTooLarge. The same header found while
 * skipping garbage is not trusted to be a frame at all, and is skipped.
 *
 * Not supported: devices whose LEN is wrong (Traccar's frame decoder falls back to the next
 * `0D 0A` for them). In a binary payload `0D 0A` can be anywhere; such a frame is skipped.
 */
export class Gt06FrameSplitter implements FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** True where a frame must begin: the stream's start, or right after a whole frame. */
  private inStep = true;

  constructor(private readonly maxFrameBytes: number) {}

  get pendingBytes(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      const outcome = this.step();
      if (outcome === 'wait') return frames;
      if (outcome !== 'skipped') frames.push(outcome);
    }
  }

  /** One decision on the pending bytes: a frame, a skip (then decide again), or wait for more. */
  private step(): Buffer | 'skipped' | 'wait' {
    const startAt = this.findStart(0);
    if (startAt < 0) {
      this.keepPossibleStart();
      return 'wait';
    }
    if (startAt > 0) this.drop(startAt);

    const buf = this.pending;
    const start = frameStartAt(buf, 0);
    const size = start && declaredSizeAt(buf, 0, start);
    if (!size) return 'wait';
    if (size.declaredLength < MIN_DECLARED_LENGTH) return this.skipOne();
    if (size.totalBytes > this.maxFrameBytes) {
      if (this.inStep) throw new FrameTooLarge(this.maxFrameBytes);
      return this.skipOne();
    }

    if (buf.length < size.totalBytes) {
      const inner = this.findValidFrameInside(buf.length);
      if (inner < 0) return 'wait';
      this.drop(inner);
      return 'skipped';
    }

    if (!endsWithStopBytes(buf, size.totalBytes)) return this.skipOne();

    const candidate = buf.subarray(0, size.totalBytes);
    if (!hasValidCrc(candidate)) {
      const inner = this.findValidFrameInside(size.totalBytes);
      if (inner >= 0) {
        this.drop(inner);
        return 'skipped';
      }
    }
    const frame = Buffer.from(candidate);
    this.pending = buf.subarray(size.totalBytes);
    this.inStep = true;
    return frame;
  }

  private findStart(from: number): number {
    for (let at = from; at + 1 < this.pending.length; at++) {
      if (frameStartAt(this.pending, at)) return at;
    }
    return -1;
  }

  /** The first position in (0, before) where a complete frame with a valid CRC starts. */
  private findValidFrameInside(before: number): number {
    const buf = this.pending;
    for (let at = this.findStart(1); at >= 0 && at < before; at = this.findStart(at + 1)) {
      const start = frameStartAt(buf, at);
      const size = start && declaredSizeAt(buf, at, start);
      if (!size || size.declaredLength < MIN_DECLARED_LENGTH || size.totalBytes > this.maxFrameBytes) continue;
      const end = at + size.totalBytes;
      if (end <= buf.length && endsWithStopBytes(buf, end) && hasValidCrc(buf.subarray(at, end))) return at;
    }
    return -1;
  }

  /** No start pair anywhere: everything is garbage, except a last byte that may begin one. */
  private keepPossibleStart(): void {
    const last = this.pending[this.pending.length - 1];
    const keep = last === SHORT_START || last === LONG_START ? 1 : 0;
    if (this.pending.length > keep) this.drop(this.pending.length - keep);
  }

  private skipOne(): 'skipped' {
    this.drop(1);
    return 'skipped';
  }

  private drop(count: number): void {
    this.pending = this.pending.subarray(count);
    this.inStep = false;
  }
}
