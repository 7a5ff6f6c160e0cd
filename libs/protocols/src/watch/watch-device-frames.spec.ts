import { WatchStatusBit, watchStatusWithBits } from './watch-alarm-status';
import { buildWatchAlarm, buildWatchBinaryFrame, buildWatchHeartbeat, buildWatchLocation } from './watch-device-frames';
import { unescapeWatchBinary } from './watch-frame-format';

const text = (bytes: Buffer) => bytes.toString('latin1');

/** The length field of a frame, and the byte length of its content, for a frame without index. */
function lengths(frame: Buffer): { field: string; actual: number } {
  const raw = text(frame);
  const [, field] = /^\[[^*]{2}\*[^*]+\*(?:[0-9A-Fa-f]{4}\*)?([0-9A-Fa-f]{4})\*/.exec(raw) ?? [];
  const start = raw.indexOf(`*${field}*`) + field.length + 2;
  return { field, actual: frame.length - 1 - start };
}

describe('watch device frames', () => {
  it('builds heartbeats exactly like real watches write them', () => {
    expect(text(buildWatchHeartbeat({ maker: 'SG', deviceId: '8800000015' }))).toBe('[SG*8800000015*0002*LK]');
    expect(text(buildWatchHeartbeat({ maker: '3G', deviceId: '9705141740' }, { steps: 0, rolls: 0, batteryPct: 53 }))).toBe('[3G*9705141740*0009*LK,0,0,53]');
    expect(text(buildWatchHeartbeat({ maker: 'ZJ', deviceId: '014111001350304', index: '0034' }, { steps: 0, rolls: 0, batteryPct: 19 }))).toBe(
      '[ZJ*014111001350304*0034*0009*LK,0,0,19]',
    );
  });

  it('builds the body of a real SOS byte for byte, with its correct length', () => {
    const frame = buildWatchAlarm(
      { maker: '3G', deviceId: '6907919734' },
      {
        at: new Date(Date.UTC(2025, 4, 17, 21, 41, 18)),
        fix: { kind: 'as-written', validity: 'V', lat: '0', latHemisphere: 'N', lng: '0', lngHemisphere: 'E' },
        speedKmh: 0,
        signalPct: 0,
        batteryPct: 22,
        status: watchStatusWithBits(WatchStatusBit.sos),
        trailer: '0',
      },
      { type: 'AL_LTE' },
    );
    // The real frame reads `…,V,0,N,0,E,0,0,0,0,0,22,0,0,00010000,0,0,0]`; the builder writes its numbers with decimals.
    expect(text(frame)).toBe('[3G*6907919734*0045*AL_LTE,170525,214118,V,0,N,0,E,0.00,0.0,0.0,0,0,22,0,0,00010000,0,0,0]');
    expect(lengths(frame)).toEqual({ field: '0045', actual: 0x45 });
  });

  it('writes a valid fix with hemisphere letters, cells and Wi-Fi (bracketed names raw)', () => {
    const frame = buildWatchLocation(
      { maker: '3G', deviceId: '880900242' },
      {
        at: new Date(Date.UTC(2023, 5, 12, 14, 0, 20)),
        fix: { kind: 'fix', lat: 48.949273, lng: -4.378306 },
        speedKmh: 18.56,
        courseDeg: 43.8,
        satellites: 12,
        batteryPct: 76,
        steps: 226120,
        cells: { mcc: 204, mnc: 8, timingAdvance: 255, towers: [{ lac: 3110, cid: 55025, rssi: 146 }] },
        wifi: [{ ssid: '[LG_Wall-Mount A/C]e725', mac: '66:a1:ed:e1:e7:25', rssi: -82 }],
        trailer: '15.0',
      },
    );
    expect(text(frame)).toBe(
      '[3G*880900242*00A5*UD,120623,140020,A,48.949273,N,4.3783060,W,18.56,43.8,0.0,12,100,76,226120,0,00000000,1,255,204,8,3110,55025,146,1,[LG_Wall-Mount A/C]e725,66:a1:ed:e1:e7:25,-82,15.0]',
    );
    expect(lengths(frame)).toEqual({ field: '00A5', actual: 0xa5 });
  });

  it('writes a wrong length field on request (the trap) and a 4-digit status as given', () => {
    const frame = buildWatchAlarm(
      { maker: 'SG', deviceId: '8800000015' },
      { at: new Date(Date.UTC(2014, 3, 22, 13, 46, 52)), fix: { kind: 'no-fix' }, status: '0001' },
      { lengthField: '0087' },
    );
    expect(text(frame)).toMatch(/^\[SG\*8800000015\*0087\*AL,220414,134652,V,00\.000000,N,000\.000000,E,.*,0001,0,0\]$/);
    expect(lengths(frame).actual).not.toBe(0x87);
  });

  it('escapes binary payloads and counts the escaped bytes in the length (as the real voice frame: 000e)', () => {
    const payload = Buffer.from('7d5b5d2c2aff', 'hex');
    const frame = buildWatchBinaryFrame({ maker: 'CS', deviceId: '1234567890' }, 'TK', payload);
    expect(frame).toEqual(Buffer.concat([Buffer.from('[CS*1234567890*000E*TK,', 'latin1'), Buffer.from('7d017d027d037d047d05ff', 'hex'), Buffer.from(']')]));
    expect(unescapeWatchBinary(frame.subarray(23, -1))).toEqual(payload);
  });

  it('refuses a header no watch would send', () => {
    expect(() => buildWatchHeartbeat({ maker: 'S', deviceId: '8800000015' })).toThrow(RangeError);
    expect(() => buildWatchHeartbeat({ maker: 'S*', deviceId: '8800000015' })).toThrow(RangeError);
    expect(() => buildWatchHeartbeat({ maker: 'SG', deviceId: '88*15' })).toThrow(RangeError);
    expect(() => buildWatchHeartbeat({ maker: 'ZJ', deviceId: '8800000015', index: '12' })).toThrow(RangeError);
  });
});
