import fc from 'fast-check';
import { FrameTooLarge } from '../device-protocol';
import { buildWatchAlarm, buildWatchBinaryFrame, buildWatchFrame, buildWatchHeartbeat, buildWatchLocation } from './watch-device-frames';
import { WatchFrameSplitter } from './watch-splitter';

const watch = { maker: '3G', deviceId: '9705141740' };
const at = new Date(Date.UTC(2023, 6, 19, 19, 7, 7));

/** A location frame whose Wi-Fi list holds a bracketed name, as in a real capture. */
const bracketedWifiFrame = buildWatchLocation(
  { maker: '3G', deviceId: '880900242' },
  {
    at,
    fix: { kind: 'fix', lat: 48.949273, lng: 4.378306 },
    cells: { mcc: 204, mnc: 8, towers: [{ lac: 3110, cid: 55025, rssi: 146 }] },
    wifi: [
      { ssid: 'BangingWifi', mac: '34:a1:ed:e1:91:4f', rssi: -71 },
      { ssid: '[LG_Wall-Mount A/C]e725', mac: '66:a1:ed:e1:e7:25', rssi: -82 },
    ],
    trailer: '15.0',
  },
);

function splitAll(chunks: Buffer[], limit = 4096): Buffer[] {
  const splitter = new WatchFrameSplitter(limit);
  return chunks.flatMap((chunk) => splitter.push(chunk));
}

const text = (frames: Buffer[]) => frames.map((frame) => frame.toString('latin1'));

describe('WatchFrameSplitter', () => {
  it('reports the bytes of a frame begun, and none once it is complete (the gateway bounds how long they wait)', () => {
    const splitter = new WatchFrameSplitter(4096);
    expect(splitter.push(Buffer.from('[3G*9705141740*0009*LK,0'))).toEqual([]);
    expect(splitter.pendingBytes).toBe(24);
    expect(text(splitter.push(Buffer.from(',0,53]')))).toEqual(['[3G*9705141740*0009*LK,0,0,53]']);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('splits four frames arriving in one read (the shape of a real capture)', () => {
    const read = Buffer.from(
      '[3G*9705141740*0009*LK,0,0,53][3G*9705141740*005A*UD,190723,190707,A,36.815109,N,10.1792312,E,8.24,127.9,21.0,5,100,53,0,0,00000000,0,0,58.0][3G*9705141740*0003*TKQ][3G*9705141740*0009*LK,0,0,53]',
      'latin1',
    );
    expect(text(splitAll([read]))).toEqual([
      '[3G*9705141740*0009*LK,0,0,53]',
      '[3G*9705141740*005A*UD,190723,190707,A,36.815109,N,10.1792312,E,8.24,127.9,21.0,5,100,53,0,0,00000000,0,0,58.0]',
      '[3G*9705141740*0003*TKQ]',
      '[3G*9705141740*0009*LK,0,0,53]',
    ]);
  });

  it('keeps a bracketed Wi-Fi name inside its frame (bracket depth, not the first ])', () => {
    expect(bracketedWifiFrame.toString('latin1')).toContain(',[LG_Wall-Mount A/C]e725,');
    expect(splitAll([bracketedWifiFrame])).toEqual([bracketedWifiFrame]);
  });

  it('joins a frame split across two reads, at every byte offset', () => {
    const frames = [buildWatchHeartbeat(watch, { steps: 0, rolls: 0, batteryPct: 53 }), bracketedWifiFrame];
    const stream = Buffer.concat(frames);
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(splitAll([stream.subarray(0, cut), stream.subarray(cut)])).toEqual(frames);
    }
  });

  it('gets the same frames when the bytes arrive one at a time', () => {
    const frames = [bracketedWifiFrame, buildWatchFrame(watch, 'TKQ')];
    const stream = Buffer.concat(frames);
    expect(splitAll([...stream].map((byte) => Buffer.from([byte])))).toEqual(frames);
  });

  it('returns nothing until a frame is complete', () => {
    const splitter = new WatchFrameSplitter(4096);
    const frame = buildWatchHeartbeat(watch);
    expect(splitter.push(frame.subarray(0, 10))).toEqual([]);
    expect(splitter.push(frame.subarray(10, frame.length - 1))).toEqual([]);
    expect(splitter.push(frame.subarray(frame.length - 1))).toEqual([frame]);
  });

  it('skips garbage between frames, stray brackets included', () => {
    const lk = buildWatchHeartbeat(watch);
    const al = buildWatchAlarm(watch, { at, fix: { kind: 'no-fix' }, status: 0x10000 });
    const stream = Buffer.concat([
      Buffer.from('\r\nGET / HTTP/1.1\r\n]]', 'latin1'),
      lk,
      Buffer.from([0x00, 0xff, 0x5b, 0x20, 0x5d, 0x0a]), // "[ ]" is not a header
      al,
      Buffer.from('[garbage] [', 'latin1'),
      lk,
    ]);
    expect(splitAll([stream])).toEqual([lk, al, lk]);
  });

  it('hands frames out byte for byte, 0x7D escapes still in (the decoder unescapes)', () => {
    const voice = buildWatchBinaryFrame({ maker: 'CS', deviceId: '1234567890' }, 'TK', Buffer.from([0x23, 0x21, 0x7d, 0x5b, 0x5d, 0x2c, 0x2a, 0xff]));
    expect(voice.includes(Buffer.from([0x7d, 0x01, 0x7d, 0x02, 0x7d, 0x03, 0x7d, 0x04, 0x7d, 0x05]))).toBe(true);
    expect(splitAll([voice])).toEqual([voice]);
  });

  it('ends a frame that never balances (a lone [ in a Wi-Fi name) where the next frame begins', () => {
    const unbalanced = buildWatchAlarm(watch, {
      at,
      fix: { kind: 'no-fix' },
      status: 0x10000,
      wifi: [{ ssid: 'cafe[5G', mac: '34:60:f9:ec:19:f8', rssi: -82 }],
    });
    const next = buildWatchHeartbeat(watch);
    const stream = Buffer.concat([unbalanced, next]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const splitter = new WatchFrameSplitter(4096);
      const frames = [...splitter.push(stream.subarray(0, cut)), ...splitter.push(stream.subarray(cut))];
      expect(frames).toEqual([unbalanced, next]);
    }
  });

  it('throws FrameTooLarge past the limit, even before the frame ends, and starts afresh after', () => {
    const splitter = new WatchFrameSplitter(64);
    expect(() => splitter.push(Buffer.from(`[3G*9705141740*0200*TK,${'x'.repeat(60)}`, 'latin1'))).toThrow(FrameTooLarge);
    const lk = buildWatchHeartbeat(watch);
    expect(splitter.push(lk)).toEqual([lk]);
  });

  it('throws FrameTooLarge for a frame split over many reads', () => {
    const splitter = new WatchFrameSplitter(64);
    expect(splitter.push(Buffer.from('[3G*9705141740*0200*TK,', 'latin1'))).toEqual([]);
    expect(() => {
      for (let i = 0; i < 10; i++) splitter.push(Buffer.from('abcdefgh', 'latin1'));
    }).toThrow(FrameTooLarge);
  });

  it('accepts a frame of exactly the limit and refuses one byte more', () => {
    const frame = buildWatchFrame(watch, 'LK,0,0,100');
    expect(splitAll([frame], frame.length)).toEqual([frame]);
    expect(() => splitAll([frame], frame.length - 1)).toThrow(FrameTooLarge);
  });

  it('property: any sequence of built frames, cut at arbitrary points, yields the same frames', () => {
    const ssid = fc.oneof(fc.constant(''), fc.constant('[LG_Wall-Mount A/C]e725'), fc.constant('[[nested]]'), fc.stringMatching(/^[A-Za-z0-9 _-]{1,12}$/));
    const wifi = fc.array(fc.record({ ssid, mac: fc.constant('34:60:f9:ec:19:f8'), rssi: fc.integer({ min: -100, max: -30 }) }), { maxLength: 4 });
    const header = fc.record(
      {
        maker: fc.constantFrom('SG', '3G', 'CS', 'ZJ'),
        deviceId: fc.oneof(fc.stringMatching(/^\d{10}$/), fc.stringMatching(/^\d{15}$/)),
        index: fc.stringMatching(/^[0-9a-f]{4}$/),
      },
      { requiredKeys: ['maker', 'deviceId'] },
    );
    const frame = fc.oneof(
      header.map((h) => buildWatchHeartbeat(h)),
      fc.tuple(header, fc.integer({ min: 0, max: 100 })).map(([h, battery]) => buildWatchHeartbeat(h, { steps: 0, rolls: 0, batteryPct: battery })),
      fc.tuple(header, wifi).map(([h, points]) => buildWatchAlarm(h, { at, fix: { kind: 'no-fix' }, status: 0x10000, wifi: points }, { lengthField: '00FF' })),
      fc.tuple(header, wifi).map(([h, points]) => buildWatchLocation(h, { at, fix: { kind: 'fix', lat: -33.48, lng: 151.2 }, wifi: points })),
      fc.tuple(header, fc.uint8Array({ maxLength: 40 })).map(([h, bytes]) => buildWatchBinaryFrame(h, 'TK', Buffer.from(bytes))),
    );
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (frames, cutSeeds) => {
        const stream = Buffer.concat(frames);
        const cuts = [...new Set(cutSeeds.map((seed) => seed % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...cuts].map((start, i) => stream.subarray(start, i < cuts.length ? cuts[i] : stream.length));
        expect(splitAll(chunks)).toEqual(frames);
      }),
    );
  });
});
