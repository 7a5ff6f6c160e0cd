import fc from 'fast-check';
import { DecodedFrame, DeviceMessage, isUndecodable } from '../device-protocol';
import { WatchStatusBit, watchStatusWithBits } from './watch-alarm-status';
import { decodeWatchFrame } from './watch-decoder';
import { buildWatchAlarm, buildWatchBinaryFrame, buildWatchFrame, buildWatchHeartbeat, buildWatchLocation, WatchLocationFields } from './watch-device-frames';

const watch = { maker: '3G', deviceId: '8809008845' };
const at = new Date(Date.UTC(2019, 11, 27, 9, 47, 44));
const noFix: WatchLocationFields = { at, fix: { kind: 'no-fix' } };
const { sos, fall, fallAlternate, removed, lowBattery, lowBatteryAlarm } = WatchStatusBit;

function decoded(frame: Buffer | string): DecodedFrame {
  const result = decodeWatchFrame(typeof frame === 'string' ? Buffer.from(frame, 'latin1') : frame);
  if (isUndecodable(result)) throw new Error(`expected a decoded frame, got: ${result.error}`);
  return result;
}

function alarmOf(frame: Buffer | string): Extract<DeviceMessage, { kind: 'alarm' }> & { frame: DecodedFrame } {
  const result = decoded(frame);
  if (result.message.kind !== 'alarm') throw new Error(`expected an alarm, got ${result.message.kind}`);
  return { ...result.message, frame: result };
}

function reportOf(frame: Buffer | string) {
  const { message } = decoded(frame);
  if (message.kind === 'other') throw new Error('expected a message with a report');
  return message.report;
}

const answerText = (result: DecodedFrame) => result.answer?.bytes.toString('latin1');

describe('decodeWatchFrame: heartbeats', () => {
  it('answers a bare LK at once, in the maker and id it came with', () => {
    const result = decoded('[SG*8800000015*0002*LK]');
    expect(result.deviceId).toBe('8800000015');
    expect(result.message).toEqual({ kind: 'heartbeat', report: {} });
    expect(answerText(result)).toBe('[SG*8800000015*0002*LK]');
    expect(result.answer?.timing).toBe('now');
    expect(result.addressing).toEqual({ maker: 'SG' });
  });

  it('takes the battery from LK,steps,rolls,battery', () => {
    expect(reportOf('[3G*4700186508*000B*LK,0,10,100]')).toEqual({ batteryPct: 100 });
    expect(reportOf(buildWatchHeartbeat(watch, { steps: 1200, rolls: 3, batteryPct: 53 }))).toEqual({ batteryPct: 53 });
  });

  it('says nothing of the battery from an ambiguous or impossible value', () => {
    expect(reportOf('[SG*9081000548*0009*LK,0,100]')).toEqual({});
    expect(reportOf(buildWatchFrame(watch, 'LK,0,0,250'))).toEqual({});
  });

  it('keeps a 15-digit IMEI exactly as sent, and echoes the ZJ index in the answer', () => {
    const result = decoded('[ZJ*014111001350304*0034*0009*LK,0,0,19]');
    expect(result.deviceId).toBe('014111001350304');
    expect(result.addressing).toEqual({ maker: 'ZJ', index: '0034' });
    expect(result.message).toEqual({ kind: 'heartbeat', report: { batteryPct: 19 } });
    expect(answerText(result)).toBe('[ZJ*014111001350304*0034*0002*LK]');
  });

  it.each(['SG', '3G', 'CS', 'ZJ', 'XY'])('echoes the maker %s', (maker) => {
    const result = decoded(buildWatchHeartbeat({ maker, deviceId: '1234567890' }));
    expect(answerText(result)).toBe(`[${maker}*1234567890*0002*LK]`);
    expect(result.addressing?.maker).toBe(maker);
  });
});

describe('decodeWatchFrame: alarms', () => {
  it('decodes a real SOS with no fix (V, 0/0, leading space): sos, no position, cells kept, answered after the commit', () => {
    const alarm = alarmOf(
      '[3G*8809008845*00C0*AL,271219,094744,V,00.000000,N, 0.0000000,E,0.00,0.0,0.0,0,100,81,0,0,00010000,7,0,460,0,9336,3981,141,9336,3912,141,9336,3982,140,9765,4233,134,9765,4071,134,9765,4321,134,9336,4353,132,0,0.0]',
    );
    expect(alarm.meaning).toBe('sos');
    expect(alarm.flags).toEqual(['sos']);
    expect(alarm.rawStatus).toBe('00010000');
    expect(alarm.report.position).toBeUndefined();
    expect(alarm.report.batteryPct).toBe(81);
    expect(alarm.report.signalPct).toBe(100);
    expect(alarm.report.cells).toHaveLength(7);
    expect(alarm.report.cells?.[0]).toEqual({ mcc: 460, mnc: 0, lac: 9336, cid: 3981, rssi: 141 });
    expect(alarm.report.cells?.[6]).toEqual({ mcc: 460, mnc: 0, lac: 9336, cid: 4353, rssi: 132 });
    expect(alarm.report.wifi).toBeUndefined();
    expect(answerText(alarm.frame)).toBe('[3G*8809008845*0002*AL]');
    expect(alarm.frame.answer?.timing).toBe('after-commit');
  });

  it('decodes an SOS whose coordinates are bare zeros (AL_LTE)', () => {
    const alarm = alarmOf('[3G*6907919734*003e*AL_LTE,170525,214118,V,0,N,0,E,0,0,0,0,0,22,0,0,00010000,0,0,0]');
    expect(alarm).toMatchObject({ meaning: 'sos', report: { batteryPct: 22 } });
    expect(alarm.report.position).toBeUndefined();
  });

  it.each([
    ['V with empty hemisphere letters', { kind: 'as-written', validity: 'V', lat: '00.000000', latHemisphere: '', lng: '00.0000000', lngHemisphere: '' }],
    ['A at 0/0', { kind: 'as-written', validity: 'A', lat: '0.000000', latHemisphere: 'N', lng: '0.0000000', lngHemisphere: 'E' }],
    ['A with empty coordinates', { kind: 'as-written', validity: 'A', lat: '', latHemisphere: '', lng: '', lngHemisphere: '' }],
    ['V with a plausible last position', { kind: 'as-written', validity: 'V', lat: '48.779045', latHemisphere: 'N', lng: '9.1574736', lngHemisphere: 'E' }],
    ['an out-of-range latitude', { kind: 'as-written', validity: 'A', lat: '123.000000', latHemisphere: 'N', lng: '9.1574736', lngHemisphere: 'E' }],
  ] as const)('decodes an SOS with %s: still sos, no position', (_, fix) => {
    const alarm = alarmOf(buildWatchAlarm(watch, { ...noFix, fix, status: watchStatusWithBits(sos) }, { type: 'AL_LTE' }));
    expect(alarm.meaning).toBe('sos');
    expect(alarm.report.position).toBeUndefined();
  });

  it('ranks SOS over low battery and keeps both flags', () => {
    for (const battery of [lowBattery, lowBatteryAlarm]) {
      const alarm = alarmOf(buildWatchAlarm(watch, { ...noFix, status: watchStatusWithBits(battery, sos) }));
      expect(alarm.meaning).toBe('sos');
      expect(alarm.flags).toEqual(['sos', 'low_battery']);
    }
    expect(alarmOf(buildWatchAlarm(watch, { ...noFix, status: 0x00010001 })).rawStatus).toBe('00010001');
  });

  it('decodes a fall from bit 21 or bit 22 (a real frame has bit 21 with state bits)', () => {
    expect(
      alarmOf(
        '[3G*8308373902*0080*AL,230817,095346,A,47.083950,N,15.4821850,E,7.60,273.8,0.0,4,15,44,0,0,00200010,2,255,232,1,7605,42530,118,7605,58036,119,0,65.8]',
      ),
    ).toMatchObject({ meaning: 'fall', flags: ['fall'], rawStatus: '00200010', report: { position: { lat: 47.08395, lng: 15.482185 } } });
    expect(alarmOf(buildWatchAlarm(watch, { ...noFix, status: watchStatusWithBits(fallAlternate) })).meaning).toBe('fall');
    expect(alarmOf(buildWatchAlarm(watch, { ...noFix, status: watchStatusWithBits(fall, fallAlternate) })).flags).toEqual(['fall']);
  });

  it('decodes a watch taken off the wrist (bit 20), ZJ index echoed in the answer', () => {
    const alarm = alarmOf(
      '[ZJ*689466020014198*0003*0113*AL,221121,085515,V,00.000000,N,000.000000,E,0,0,0,0,0,44,0,0,00100000,1,255,460,0,16399,234887445,0,6,WIFI00,68:77:24:1b:e7:a7,-59,WIFI01,68:77:24:1b:e3:30,-75,WIFI02,68:77:24:1b:e3:27,-75,WIFI03,00:41:d2:c0:f2:f1,-76,WIFI04,00:41:d2:c0:f2:f0,-77,WIFI05,68:77:24:1b:e3:d8,-82]',
    );
    expect(alarm).toMatchObject({ meaning: 'device_removed', flags: ['device_removed'], rawStatus: '00100000' });
    expect(alarm.report.cells).toEqual([{ mcc: 460, mnc: 0, lac: 16399, cid: 234887445, rssi: 0 }]);
    expect(alarm.report.wifi).toHaveLength(6);
    expect(alarm.report.wifi?.[5]).toEqual({ ssid: 'WIFI05', mac: '68:77:24:1b:e3:d8', rssi: -82 });
    expect(alarm.frame.addressing).toEqual({ maker: 'ZJ', index: '0003' });
    expect(answerText(alarm.frame)).toBe('[ZJ*689466020014198*0003*0002*AL]');
  });

  it('ranks every combination: sos > fall > device_removed > low_battery', () => {
    const all = [sos, fall, removed, lowBattery];
    for (let mask = 1; mask < 16; mask++) {
      const bits = all.filter((_, i) => mask & (1 << i));
      const alarm = alarmOf(buildWatchAlarm(watch, { ...noFix, status: watchStatusWithBits(...bits) }));
      const expected = (['sos', 'fall', 'device_removed', 'low_battery'] as const).filter((_, i) => mask & (1 << i));
      expect(alarm.flags).toEqual(expected);
      expect(alarm.meaning).toBe(expected[0]);
    }
  });

  it('makes an AL with no known bit a device_alarm, never silence', () => {
    for (const status of [0, watchStatusWithBits(1, 2, 4, 14, 18, 19)]) {
      const alarm = alarmOf(buildWatchAlarm(watch, { ...noFix, status }));
      expect(alarm).toMatchObject({ meaning: 'device_alarm', flags: [] });
    }
    expect(alarmOf(buildWatchAlarm(watch, { ...noFix, status: 'zzzz' }))).toMatchObject({ meaning: 'device_alarm', rawStatus: 'zzzz' });
  });

  it('reads a 4-digit status as the alarm half of the word', () => {
    const frame =
      '[SG*8800000015*0087*AL,220414,134652,A,22.571707,N,113.8613968,E,0.1,0.0,100,7,60,90,1000,50,0001,4,1,460,0,9360,4082,131,9360,4092,148,9360,4091,143,9360,4153,141]';
    expect(alarmOf(frame)).toMatchObject({ meaning: 'sos', rawStatus: '0001', report: { position: { lat: 22.571707, lng: 113.8613968 } } });
    expect(alarmOf(buildWatchAlarm(watch, { ...noFix, status: '0000' })).meaning).toBe('device_alarm');
    expect(alarmOf(buildWatchAlarm(watch, { ...noFix, status: '0060' })).meaning).toBe('fall');
    expect(alarmOf(buildWatchAlarm(watch, { ...noFix, status: '0012' })).flags).toEqual(['device_removed', 'low_battery']);
  });

  it('decodes any type starting with AL, and a lower-case one', () => {
    for (const type of ['AL', 'AL_LTE', 'ALCUSTOMER1', 'al']) {
      expect(alarmOf(buildWatchAlarm(watch, { ...noFix, status: watchStatusWithBits(sos) }, { type })).meaning).toBe('sos');
    }
  });

  it('still decodes an alarm whose body is cut short or garbled', () => {
    expect(alarmOf('[3G*1234567890*0010*AL,271219]')).toMatchObject({ meaning: 'device_alarm', rawStatus: '', report: {} });
    expect(alarmOf('[3G*1234567890*0002*AL]')).toMatchObject({ meaning: 'device_alarm', rawStatus: '' });
    // A frame the splitter cut at the next header (a lone [ in a Wi-Fi name): no closing bracket.
    const cut = buildWatchAlarm(watch, { ...noFix, status: watchStatusWithBits(sos), wifi: [{ ssid: 'x[', mac: '34:60:f9:ec:19:f8', rssi: -60 }] });
    expect(alarmOf(cut.subarray(0, cut.length - 1)).meaning).toBe('sos');
  });

  it('ignores the length field: a wrong one decodes like the right one', () => {
    const fields: WatchLocationFields = { ...noFix, status: watchStatusWithBits(sos) };
    const right = decoded(buildWatchAlarm(watch, fields));
    for (const lengthField of ['0002', 'FFFF', '00c0', '0']) {
      const wrong = decoded(buildWatchAlarm(watch, fields, { lengthField }));
      expect(wrong.message).toEqual(right.message);
      expect(wrong.content).toEqual(right.content);
    }
    // A real frame whose length field (0x58) is not its content's length (0x5B).
    expect(alarmOf('[SG*9051004074*0058*AL,120117,145602,V,40.058413,N,76.336618,W,11.519,188,99,00,01,80,0,50,00000000,0,1,0,0,,10]').meaning).toBe(
      'device_alarm',
    );
  });
});

describe('decodeWatchFrame: repeat detection content', () => {
  const press: WatchLocationFields = { ...noFix, status: watchStatusWithBits(sos) };

  it('is the content after the length field', () => {
    const frame = buildWatchAlarm(watch, press);
    const text = frame.toString('latin1');
    expect(decoded(frame).content.toString('latin1')).toBe(text.slice(text.indexOf('*AL,') + 1, -1));
  });

  it('is the same for a byte-identical resend, even with another ZJ index or length field', () => {
    const first = decoded(buildWatchAlarm({ ...watch, index: '0003' }, press));
    expect(decoded(buildWatchAlarm({ ...watch, index: '0003' }, press)).content).toEqual(first.content);
    expect(decoded(buildWatchAlarm({ ...watch, index: '0004' }, press, { lengthField: '0000' })).content).toEqual(first.content);
  });

  it('differs for a new press (new device time)', () => {
    const first = decoded(buildWatchAlarm(watch, press));
    const second = decoded(buildWatchAlarm(watch, { ...press, at: new Date(at.getTime() + 1000) }));
    expect(second.content).not.toEqual(first.content);
  });
});

describe('decodeWatchFrame: locations', () => {
  it('decodes a UD with a valid fix: position, device time, no answer', () => {
    const result = decoded(
      buildWatchLocation(watch, { at, fix: { kind: 'fix', lat: 22.571707, lng: 113.8613968 }, speedKmh: 3.5, courseDeg: 127.9, batteryPct: 64, signalPct: 80 }),
    );
    expect(result.answer).toBeUndefined();
    expect(result.message).toEqual({
      kind: 'location',
      report: {
        position: { lat: 22.571707, lng: 113.8613968, speedKmh: 3.5, courseDeg: 127.9, fixedAt: '2019-12-27T09:47:44Z' },
        batteryPct: 64,
        signalPct: 80,
      },
    });
  });

  it.each(['UD', 'UD2', 'UD3', 'UD_LTE', 'UD_WCDMA', 'WT'])('decodes %s as a location', (type) => {
    expect(decoded(buildWatchLocation(watch, noFix, { type })).message.kind).toBe('location');
  });

  it('lets a signed coordinate win over its hemisphere letter', () => {
    const signed = (lat: string, latHemisphere: string, lng: string, lngHemisphere: string) =>
      reportOf(buildWatchLocation(watch, { at, fix: { kind: 'as-written', validity: 'A', lat, latHemisphere, lng, lngHemisphere } }, { type: 'UD2' })).position;
    expect(signed('-33.480366', 'N', '-70.7630692', 'E')).toMatchObject({ lat: -33.480366, lng: -70.7630692 });
    expect(signed('09.951861', 'N', '-84.1422119', 'W')).toMatchObject({ lat: 9.951861, lng: -84.1422119 });
    expect(signed('16.479064', 'S', '68.119072', '')).toMatchObject({ lat: -16.479064, lng: 68.119072 });
    expect(signed('52.745450', '', '0.369512', '')).toMatchObject({ lat: 52.74545, lng: 0.369512 });
    expect(signed('43.373367', 'N', '71.157615', 'W')).toMatchObject({ lat: 43.373367, lng: -71.157615 });
    expect(
      reportOf('[3G*2256002206*0079*UD2,100116,153723,A,38.000000,N,-9.000000,W,0.44,299.3,0.0,7,100,86,0,0,00000008,2,0,268,3,3010,51042,146,3010,51043,132]')
        .position,
    ).toMatchObject({
      lat: 38,
      lng: -9,
    });
  });

  it('reads a coordinate with a leading space and keeps the Wi-Fi list (a real UD2)', () => {
    const report = reportOf(
      '[3G*4700222306*011F*UD2,120316,140444,A,48.779045,N, 9.1574736,E,0.57,12.8,0.0,7,28,77,0,0,00000000,2,2,262,1,21041,9067,121,21041,5981,116,5,WG-Superlativ,34:31:c4:c8:a9:22,-67,EasyBox-28E858,18:83:bf:28:e8:f4,-70,MoMaXXg,be:05:43:b7:19:15,-72,MoMaXX2,bc:05:43:b7:19:15,-72,Gastzugang,18:83:bf:28:e8:f5,-72]',
    );
    expect(report.position).toEqual({ lat: 48.779045, lng: 9.1574736, speedKmh: 0.57, courseDeg: 12.8, fixedAt: '2016-03-12T14:04:44Z' });
    expect(report.cells).toEqual([
      { mcc: 262, mnc: 1, lac: 21041, cid: 9067, rssi: 121 },
      { mcc: 262, mnc: 1, lac: 21041, cid: 5981, rssi: 116 },
    ]);
    expect(report.wifi?.map((point) => point.ssid)).toEqual(['WG-Superlativ', 'EasyBox-28E858', 'MoMaXXg', 'MoMaXX2', 'Gastzugang']);
    expect(report).toMatchObject({ batteryPct: 77, signalPct: 28 });
  });

  it('reads hex lac/cid (a real SG AL), and drops towers of an unknown network', () => {
    const alarm = alarmOf('[SG*9059011020*0067*AL,240123,181628,V,54.427538,N,6.409275,W,0.00,0,0,0,19,90,0,0,00000000,1,1,234,10,55C0,3B882A2,132,,10]');
    expect(alarm.report.cells).toEqual([{ mcc: 234, mnc: 10, lac: 0x55c0, cid: 0x3b882a2, rssi: 132 }]);
    expect(alarm.meaning).toBe('device_alarm');
    expect(
      reportOf('[SG*9059011020*006b*UD2,240123,162011,A,54.427621,N,6.409190,W,0.00,0,0,8,19,88,0,0,00000000,1,1,FFFF,FFFF,FFFE,3B882A2,132,,00]').cells,
    ).toBeUndefined();
    const built = reportOf(
      buildWatchLocation(watch, {
        ...noFix,
        cells: {
          mcc: 460,
          mnc: 0,
          hex: true,
          towers: [
            { lac: 0x2496, cid: 0x1234, rssi: 40 },
            { lac: 0xabcd, cid: 0x3b882a2 },
          ],
        },
      }),
    );
    expect(built.cells).toEqual([
      { mcc: 460, mnc: 0, lac: 0x2496, cid: 0x1234, rssi: 40 },
      { mcc: 460, mnc: 0, lac: 0xabcd, cid: 0x3b882a2 },
    ]);
  });

  it('keeps Wi-Fi names with brackets, spaces, commas or nothing at all', () => {
    const wifi = [
      { ssid: '[LG_Wall-Mount A/C]e725', mac: '66:a1:ed:e1:e7:25', rssi: -82 },
      { ssid: '', mac: '30:45:96:10:14:5d', rssi: -79 },
      { ssid: 'Cafe, Bar & Grill', mac: 'e8:84:c6:21:7c:dc', rssi: -77 },
      { ssid: 'fam salas delgado', mac: 'fc:b4:e6:5d:50:ea', rssi: -81 },
      { ssid: 'a,b,c', mac: '88:c3:97:c1:f4:7f', rssi: -73 },
      { ssid: '', mac: '98:48:27:55:18:20', rssi: -96 },
    ];
    const report = reportOf(
      buildWatchLocation(watch, { ...noFix, cells: { mcc: 204, mnc: 8, towers: [{ lac: 3110, cid: 55025, rssi: 146 }] }, wifi, trailer: '15.0' }),
    );
    expect(report.wifi).toEqual(wifi);
    expect(report.cells).toHaveLength(1);
  });

  it('reads Wi-Fi after a cell count of 0, and drops entries without a MAC (real frames)', () => {
    const report = reportOf(
      '[3G*8800000015*00DD*UD,010120,025946,V,0.0,N,0.0,E,22.0,0,-1,0,100,98,0,0,00000000,0,5,eduroam,f4:db:e6:d2:a8:00,-53,eduroam,f4:db:e6:da:d0:80,-79,eduroam,78:0c:f0:24:f9:80,-82,Lions,b0:be:76:0a:05:9a,-82,tubs-guest,0,-53,0.0]',
    );
    expect(report.cells).toBeUndefined();
    expect(report.wifi?.map((point) => point.ssid)).toEqual(['eduroam', 'eduroam', 'eduroam', 'Lions']);
    const empty = reportOf(
      '[3G*9705141740*00C2*UD_LTE,260723,185105,V,00.000000,,00.0000000,,0.00,0.0,0.0,0,100,67,0,0,00000000,2,0,605,1,10006,65799,14,10020,4104,4,3,,34:60:f9:ec:19:f8,-82,,98:48:27:55:18:20,-96,,34:e8:94:e4:06:18,-104,0.0]',
    );
    expect(empty.wifi).toEqual([
      { ssid: '', mac: '34:60:f9:ec:19:f8', rssi: -82 },
      { ssid: '', mac: '98:48:27:55:18:20', rssi: -96 },
      { ssid: '', mac: '34:e8:94:e4:06:18', rssi: -104 },
    ]);
    expect(empty.cells).toEqual([
      { mcc: 605, mnc: 1, lac: 10006, cid: 65799, rssi: 14 },
      { mcc: 605, mnc: 1, lac: 10020, cid: 4104, rssi: 4 },
    ]);
  });

  it('keeps what it read of a network list that stops making sense', () => {
    expect(reportOf(buildWatchFrame(watch, 'UD,271219,094744,A,22.5,N,113.8,E,0,0,0,0,100,81,0,0,00000000,3,0,460,0,9336,3981'))).toMatchObject({
      position: { lat: 22.5, lng: 113.8 },
    });
    expect(reportOf(buildWatchFrame(watch, 'UD,271219,094744,A,22.5,N,113.8,E,0,0,0,0,100,81,0,0,00000000,x,y')).cells).toBeUndefined();
  });

  it('refuses a location frame too short to be one', () => {
    expect(decodeWatchFrame(buildWatchFrame(watch, 'UD,271219,094744,A'))).toEqual({ error: expect.stringContaining('too few') });
  });
});

describe('decodeWatchFrame: other types', () => {
  it('answers TKQ and TKQ2 with the same type, INIT with INIT,1, at once', () => {
    expect(answerText(decoded('[3G*8800000015*0003*TKQ]'))).toBe('[3G*8800000015*0003*TKQ]');
    expect(answerText(decoded(buildWatchFrame(watch, 'TKQ2')))).toBe('[3G*8809008845*0004*TKQ2]');
    const init = decoded(buildWatchFrame({ ...watch, index: '0001' }, 'INIT,13800138000,1,1.0'));
    expect(init.message).toEqual({ kind: 'other', type: 'INIT' });
    expect(answerText(init)).toBe('[3G*8809008845*0001*0006*INIT,1]');
    expect(init.answer?.timing).toBe('now');
  });

  it('does not answer types it does not act on', () => {
    for (const frame of ['[3G*6005412902*0008*heart,71]', '[3G*8308406279*0008*rcapture]', '[ZJ*357653059860416*0007*000c*BLOOD,109,68]']) {
      const result = decoded(frame);
      expect(result.message.kind).toBe('other');
      expect(result.answer).toBeUndefined();
    }
  });

  it('unescapes 0x7D sequences of binary frames', () => {
    const real = Buffer.concat([
      Buffer.from('[CS*1234567890*000e*TK,#!AMR', 'latin1'),
      Buffer.from('7d017d027d037d047d05ff', 'hex'),
      Buffer.from(']', 'latin1'),
    ]);
    const result = decoded(real);
    expect(result.message).toEqual({ kind: 'other', type: 'TK' });
    expect(result.content).toEqual(Buffer.concat([Buffer.from('TK,#!AMR', 'latin1'), Buffer.from('7d5b5d2c2aff', 'hex')]));
    const payload = Buffer.from([0x7d, 0x7d, 0x01, 0x5b, 0x5d, 0x2c, 0x2a, 0x00, 0xff]);
    expect(decoded(buildWatchBinaryFrame(watch, 'TK', payload)).content).toEqual(Buffer.concat([Buffer.from('TK,'), payload]));
  });
});

describe('decodeWatchFrame: malformed frames', () => {
  it.each([
    '',
    '[',
    ']',
    '[]',
    'SG*8800000015*0002*LK]',
    '[SG]',
    '[SG*]',
    '[S*8800000015*0002*LK]',
    '[SGX*8800000015*0002*LK]',
    '[SG*88000 00015*0002*LK]',
    '[SG**0002*LK]',
    '[SG*8800000015*LK]',
    '[SG*8800000015*00G2*LK]',
    '[SG*8800000015*0002*]',
    '[SG*8800000015*0002*L K]',
  ])('returns an error for %j', (frame) => {
    expect(decodeWatchFrame(Buffer.from(frame, 'latin1'))).toEqual({ error: expect.any(String) });
  });

  it('property: never throws, whatever the bytes', () => {
    const framed = fc
      .uint8Array({ maxLength: 200 })
      .map((bytes) => Buffer.concat([Buffer.from('[3G*1234567890*0010*AL,'), Buffer.from(bytes), Buffer.from(']')]));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
          framed,
        ),
        (frame) => {
          const result = decodeWatchFrame(frame);
          expect(result).toBeDefined();
        },
      ),
    );
  });

  it('property: any well-formed AL frame is an alarm, never an error', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ -\x7e]{0,120}$/), (body) => {
        const result = decodeWatchFrame(buildWatchFrame(watch, `AL,${body}`.replace(/[[\]]/g, '')));
        expect(isUndecodable(result) ? result.error : result.message.kind).toBe('alarm');
      }),
    );
  });
});
