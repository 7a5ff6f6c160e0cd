import fc from 'fast-check';
import { FrameTooLarge } from '../device-protocol';
import { GT06_PROTOCOL } from './gt06-decoder';
import { buildGt06Alarm, buildGt06Heartbeat, buildGt06Location, buildGt06Login } from './gt06-device-frames';
import { sealFrame } from './gt06-envelope';
import { Gt06FrameSplitter } from './gt06-splitter';
import { ALARM_CODE } from './gt06-status';

const MAX = 1024;
const hex = (text: string) => Buffer.from(text, 'hex');
const fix = { time: new Date('2026-01-02T03:04:05Z'), lat: -33.45694, lng: -70.64827, speedKmh: 3, courseDeg: 90 };
const cell = { mcc: 730, mnc: 1, lac: 0x1234, cid: 0x00abcd };

const login = buildGt06Login({ imei: '359586015829802', serial: 1 });
const heartbeat = buildGt06Heartbeat({ voltageLevel: 5, gsmSignal: 4, serial: 2 });
const location = buildGt06Location({ protocol: GT06_PROTOCOL.location4g, fix, cell, serial: 3 });
const sos = buildGt06Alarm({ fix, cell, voltageLevel: 4, gsmSignal: 3, alarmCode: ALARM_CODE.sos, serial: 4 });
const fourFrames = [login, heartbeat, location, sos];

function split(chunks: Buffer[]): Buffer[] {
  const splitter = new Gt06FrameSplitter(MAX);
  return chunks.flatMap((chunk) => splitter.push(chunk));
}

describe('Gt06FrameSplitter', () => {
  it('reports the bytes of a frame begun, and none once it is complete (the gateway bounds how long they wait)', () => {
    const splitter = new Gt06FrameSplitter(MAX);
    expect(splitter.push(login.subarray(0, 5))).toEqual([]);
    expect(splitter.pendingBytes).toBe(5);
    expect(splitter.push(login.subarray(5))).toEqual([login]);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('returns four frames that arrive in one read, in order', () => {
    expect(split([Buffer.concat(fourFrames)])).toEqual(fourFrames);
  });

  it('returns a frame split at every byte offset, once, when its last byte arrives', () => {
    for (let cut = 1; cut < sos.length; cut++) {
      const splitter = new Gt06FrameSplitter(MAX);
      expect(splitter.push(sos.subarray(0, cut))).toEqual([]);
      expect(splitter.push(sos.subarray(cut))).toEqual([sos]);
    }
  });

  it('returns frames fed one byte at a time', () => {
    const stream = Buffer.concat(fourFrames);
    expect(split(Array.from(stream, (byte) => Buffer.from([byte])))).toEqual(fourFrames);
  });

  it('splits by length, not on a 78 78 or 0D 0A inside a payload', () => {
    // A cell id and a LAC that read 78 78 0d 0a, in an alarm whose serial is 78 78.
    const trap = buildGt06Alarm({
      fix,
      cell: { mcc: 460, mnc: 0x78, lac: 0x7878, cid: 0x0d0a78 },
      voltageLevel: 4,
      gsmSignal: 3,
      alarmCode: ALARM_CODE.sos,
      serial: 0x7878,
    });
    expect(trap.subarray(3, trap.length - 2).includes(hex('7878'))).toBe(true);
    expect(trap.subarray(3, trap.length - 2).includes(hex('0d0a'))).toBe(true);
    expect(split([Buffer.concat([trap, heartbeat, trap])])).toEqual([trap, heartbeat, trap]);
  });

  it('reads 79 79 frames with a 2-byte length, among 78 78 frames', () => {
    const long = buildGt06Alarm({ fix, cell, voltageLevel: 4, gsmSignal: 3, alarmCode: ALARM_CODE.sos, serial: 9, long: true });
    const big = sealFrame(0x94, Buffer.alloc(600, 0x78), 10, { long: true });
    expect(split([Buffer.concat([heartbeat, long, big, login])])).toEqual([heartbeat, long, big, login]);
  });

  it('skips garbage before, between and after frames', () => {
    const garbage = Buffer.from('GET / HTTP/1.1\r\n\r\n', 'ascii');
    const splitter = new Gt06FrameSplitter(MAX);
    expect(splitter.push(Buffer.concat([garbage, login, garbage, hex('0d0a0d0a'), heartbeat, garbage]))).toEqual([login, heartbeat]);
    expect(splitter.push(sos)).toEqual([sos]);
  });

  it('resynchronises after a false start whose stop bytes are not where its length says', () => {
    expect(split([Buffer.concat([hex('7878057777777777777777'), login])])).toEqual([login]);
  });

  it('does not hold a frame back behind a false start that declares a long length', () => {
    // Without looking inside, the login would wait for 0xFF + 5 bytes while the device waits for its answer.
    expect(split([Buffer.concat([hex('7878ff'), login])])).toEqual([login]);
    expect(split([hex('7979'), hex('0300'), login.subarray(0, 7), login.subarray(7)])).toEqual([login]);
  });

  it('skips a 78 78 or 79 79 start with an impossible length', () => {
    expect(split([Buffer.concat([hex('787800'), hex('79790001'), login])])).toEqual([login]);
  });

  it('passes a frame with stop bytes but a bad CRC to the decoder, and the next frame too', () => {
    const corrupt = buildGt06Alarm({ fix, cell, voltageLevel: 4, gsmSignal: 3, alarmCode: ALARM_CODE.sos, serial: 4, corruptCrc: true });
    expect(split([Buffer.concat([corrupt, heartbeat])])).toEqual([corrupt, heartbeat]);
  });

  it('keeps a lone 78 at the end of a read: it may begin the next frame', () => {
    expect(split([Buffer.concat([hex('00'), login.subarray(0, 1)]), login.subarray(1)])).toEqual([login]);
  });

  it('throws FrameTooLarge for a frame that declares more than the limit where a frame must start', () => {
    const splitter = new Gt06FrameSplitter(MAX);
    expect(splitter.push(login)).toEqual([login]);
    expect(() => splitter.push(hex('79790800'))).toThrow(FrameTooLarge);
    expect(() => new Gt06FrameSplitter(MAX).push(hex('79790400'))).toThrow(FrameTooLarge);
  });

  it('accepts a frame of exactly the limit', () => {
    const atLimit = sealFrame(0x94, Buffer.alloc(MAX - 11), 1, { long: true });
    expect(atLimit.length).toBe(MAX);
    expect(split([atLimit])).toEqual([atLimit]);
  });

  it('treats an oversize declaration found while skipping garbage as garbage, not as a frame', () => {
    expect(split([Buffer.concat([hex('0102'), hex('7979ffff'), login])])).toEqual([login]);
  });

  it('returns the same frames however the stream is cut into reads (property)', () => {
    const frameArb = fc.oneof(
      fc.record({ imei: fc.stringMatching(/^\d{15}$/), serial: fc.nat(0xffff), long: fc.boolean() }).map((f) => buildGt06Login(f)),
      fc.record({ voltageLevel: fc.nat(6), gsmSignal: fc.nat(4), terminalInfo: fc.nat(0xff), serial: fc.nat(0xffff) }).map((f) => buildGt06Heartbeat(f)),
      fc
        .record({
          lat: fc.double({ min: -90, max: 90, noNaN: true }),
          lng: fc.double({ min: -180, max: 180, noNaN: true }),
          serial: fc.nat(0xffff),
          alarmCode: fc.nat(0xff),
        })
        .map(({ lat, lng, serial, alarmCode }) => buildGt06Alarm({ fix: { ...fix, lat, lng }, cell, voltageLevel: 3, gsmSignal: 2, alarmCode, serial })),
      fc.uint8Array({ maxLength: 300 }).map((body) => sealFrame(0x94, body, 7, { long: body.length > 200 })),
    );
    // Garbage without start bytes: what is between frames must never change what the frames are.
    const garbageArb = fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes.filter((b) => b !== 0x78 && b !== 0x79)));
    fc.assert(
      fc.property(fc.array(fc.tuple(garbageArb, frameArb), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), (items, cutSeeds) => {
        const frames = items.map(([, frame]) => frame);
        const stream = Buffer.concat(items.flatMap(([garbage, frame]) => [garbage, frame]));
        const cuts = [...new Set(cutSeeds.map((seed) => seed % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...cuts, stream.length].slice(1).map((end, i, ends) => stream.subarray(i === 0 ? 0 : ends[i - 1], end));
        expect(split(chunks)).toEqual(frames);
        expect(split([stream])).toEqual(frames);
      }),
      { numRuns: 300 },
    );
  });
});
