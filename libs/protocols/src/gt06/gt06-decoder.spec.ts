import type { DecodedFrame, DecodeResult, DeviceMessage } from '../device-protocol';
import { isUndecodable } from '../device-protocol';
import { decodeGt06Frame, GT06_PROTOCOL } from './gt06-decoder';
import { buildGt06Alarm, buildGt06Heartbeat, buildGt06Location, buildGt06Login } from './gt06-device-frames';
import { encodeGt06Answer } from './gt06-encoder';
import { sealFrame } from './gt06-envelope';
import { encodeGpsBlock } from './gt06-gps';
import { encodeCell } from './gt06-cell';
import { ALARM_CODE, TERMINAL_ALARM, TERMINAL_GPS_TRACKING, withTerminalAlarm } from './gt06-status';

const hex = (text: string) => Buffer.from(text, 'hex');

function decoded(result: DecodeResult): DecodedFrame {
  if (isUndecodable(result)) throw new Error(`expected a decoded frame, got error: ${result.error}`);
  return result;
}

function alarmOf(frame: Buffer): Extract<DeviceMessage, { kind: 'alarm' }> {
  const { message } = decoded(decodeGt06Frame(frame));
  if (message.kind !== 'alarm') throw new Error(`expected an alarm, got ${message.kind}`);
  return message;
}

const fix = { time: new Date('2026-03-14T09:26:53Z'), lat: 31.230416, lng: 121.473701, speedKmh: 12, courseDeg: 275, satellites: 9 };
const cell = { mcc: 460, mnc: 0, lac: 0x2866, cid: 0x000eee };
const sosTerminal = withTerminalAlarm(TERMINAL_GPS_TRACKING, TERMINAL_ALARM.sos);

describe('decodeGt06Frame: login 0x01', () => {
  it('reads the IMEI from 8 BCD bytes (leading 0 nibble dropped) and answers at once with the device serial', () => {
    const result = decoded(decodeGt06Frame(hex('78780d01086471700328358100093f040d0a')));
    expect(result.deviceId).toBe('864717003283581');
    expect(result.message).toEqual({ kind: 'login', report: {} });
    expect(result.answer).toEqual({ bytes: hex('787805010009'.concat(crcHex('05010009'), '0d0a')), timing: 'now' });
    expect(result.content).toEqual(hex('0108647170032835810009'));
  });

  it('tolerates the type id and time-zone word after the IMEI', () => {
    const result = decoded(decodeGt06Frame(hex('787811010864717003664467100f190a0002c6d20d0a')));
    expect(result.deviceId).toBe('864717003664467');
    expect(result.answer?.bytes).toEqual(encodeGt06Answer(0x01, 0x0002));
  });

  it('keeps an IMEI that starts with zeros', () => {
    expect(decoded(decodeGt06Frame(buildGt06Login({ imei: '012345678901234', serial: 7 }))).deviceId).toBe('012345678901234');
  });

  it('refuses a login whose IMEI is not decimal BCD', () => {
    const frame = sealFrame(0x01, hex('0a6471700328358f'), 1);
    expect(decodeGt06Frame(frame)).toEqual({ error: expect.stringContaining('IMEI') });
  });

  it('refuses a login too short to hold an IMEI', () => {
    expect(decodeGt06Frame(sealFrame(0x01, hex('0864717003'), 1))).toEqual({ error: expect.stringContaining('login') });
  });
});

describe('decodeGt06Frame: the envelope', () => {
  it('discards a frame with a bad CRC (no answer)', () => {
    const result = decodeGt06Frame(buildGt06Alarm({ fix, cell, voltageLevel: 5, gsmSignal: 4, alarmCode: ALARM_CODE.sos, serial: 3, corruptCrc: true }));
    expect(result).toEqual({ error: expect.stringContaining('CRC') });
  });

  it.each([
    ['no start bytes', '7978050100090000'],
    ['a length that does not match the frame', '78780e01086471700328358100093f040d0a'],
    ['no stop bytes', '78780d01086471700328358100093f040d0b'],
    ['a length below the minimum', '787801080d0a'],
    ['nothing', ''],
  ])('refuses a frame with %s, without throwing', (_name, text) => {
    expect(isUndecodable(decodeGt06Frame(hex(text)))).toBe(true);
  });

  it('reads 79 79 frames with a 2-byte length the same way', () => {
    const result = decoded(decodeGt06Frame(buildGt06Login({ imei: '359586015829802', serial: 0x0102, long: true })));
    expect(result.deviceId).toBe('359586015829802');
    expect(result.answer?.bytes).toEqual(encodeGt06Answer(0x01, 0x0102));
    expect(result.content).toEqual(Buffer.concat([hex('01'), hex('0359586015829802'), hex('0102')]));
  });
});

describe('decodeGt06Frame: heartbeat 0x13', () => {
  it('reports battery (level 0-6) and signal (0-4) and answers at once with the device serial', () => {
    const result = decoded(decodeGt06Frame(hex('78780a13c40604000201298f5b0d0a')));
    expect(result.message).toEqual({ kind: 'heartbeat', report: { batteryPct: 100, signalPct: 100 } });
    expect(result.answer).toEqual({ bytes: encodeGt06Answer(0x13, 0x0129), timing: 'now' });
  });

  it.each([
    [0, 0],
    [1, 17],
    [3, 50],
    [6, 100],
  ])('maps voltage level %i to %i %%', (level, pct) => {
    const { message } = decoded(decodeGt06Frame(buildGt06Heartbeat({ voltageLevel: level, gsmSignal: 2, serial: 1 })));
    expect(message).toEqual({ kind: 'heartbeat', report: { batteryPct: pct, signalPct: 50 } });
  });

  it('leaves out levels outside the documented range rather than inventing a percentage', () => {
    const { message } = decoded(decodeGt06Frame(buildGt06Heartbeat({ voltageLevel: 0x55, gsmSignal: 0x64, serial: 1 })));
    expect(message).toEqual({ kind: 'heartbeat', report: {} });
  });

  it('still answers a heartbeat whose content is not the standard 5 bytes (it reports nothing)', () => {
    const result = decoded(decodeGt06Frame(sealFrame(0x13, hex('c4060400'), 0x0a0b)));
    expect(result.message).toEqual({ kind: 'heartbeat', report: {} });
    expect(result.answer).toEqual({ bytes: encodeGt06Answer(0x13, 0x0a0b), timing: 'now' });
  });

  it('turns a heartbeat whose terminal info says SOS into an SOS alarm, answered after the commit', () => {
    const result = decoded(decodeGt06Frame(buildGt06Heartbeat({ terminalInfo: sosTerminal, voltageLevel: 2, gsmSignal: 3, serial: 0x0042 })));
    expect(result.message).toEqual({ kind: 'alarm', meaning: 'sos', flags: ['sos'], rawStatus: '6000', report: { batteryPct: 33, signalPct: 75 } });
    expect(result.answer).toEqual({ bytes: encodeGt06Answer(0x13, 0x0042), timing: 'after-commit' });
  });

  it('keeps a heartbeat whose terminal info says low battery a heartbeat (the battery is in the report)', () => {
    const terminalInfo = withTerminalAlarm(0, TERMINAL_ALARM.lowBattery);
    const { message } = decoded(decodeGt06Frame(buildGt06Heartbeat({ terminalInfo, voltageLevel: 1, gsmSignal: 3, serial: 1 })));
    expect(message).toEqual({ kind: 'heartbeat', report: { batteryPct: 17, signalPct: 75 } });
  });
});

describe('decodeGt06Frame: location 0x12 / 0x22', () => {
  it('reads a real 0x12 fix (north, east) with its cell, and gives no answer', () => {
    const result = decoded(decodeGt06Frame(hex('78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a')));
    expect(result.answer).toBeUndefined();
    const { message } = result;
    if (message.kind !== 'location') throw new Error(message.kind);
    expect(message.report.position).toEqual({
      lat: expect.closeTo(54.94535, 5),
      lng: expect.closeTo(24.01762, 5),
      speedKmh: 0,
      courseDeg: 0,
      fixedAt: '2015-10-20T14:21:11.000Z',
    });
    expect(message.report.cells).toEqual([{ mcc: 246, mnc: 1, lac: 0x006e, cid: 0x0055da }]);
  });

  it('reads a real 0x22 fix', () => {
    const { message } = decoded(decodeGt06Frame(hex('78782222120616083817c5050cc8c801a819d600152400e8011dbf003332000000004862500d0a')));
    if (message.kind !== 'location') throw new Error(message.kind);
    expect(message.report.position).toMatchObject({ lat: expect.closeTo(47.06884, 5), lng: expect.closeTo(15.441043, 5), courseDeg: 292 });
    expect(message.report.cells).toEqual([{ mcc: 232, mnc: 1, lac: 0x1dbf, cid: 0x003332 }]);
  });

  it.each([
    ['south-west', -33.45694, -70.64827],
    ['south-east', -33.86785, 151.20732],
    ['north-west', 40.7128, -74.006],
    ['north-east', 59.437, 24.7536],
  ])('gives the sign of the %s hemispheres', (_name, lat, lng) => {
    for (const protocol of [GT06_PROTOCOL.location, GT06_PROTOCOL.location4g]) {
      const { message } = decoded(decodeGt06Frame(buildGt06Location({ protocol, fix: { ...fix, lat, lng }, cell, serial: 9 })));
      if (message.kind !== 'location') throw new Error(message.kind);
      expect(message.report.position?.lat).toBeCloseTo(lat, 5);
      expect(message.report.position?.lng).toBeCloseTo(lng, 5);
      expect(message.report.position).toMatchObject({ speedKmh: 12, courseDeg: 275, fixedAt: '2026-03-14T09:26:53.000Z' });
    }
  });

  it('gives no position for a frame the device marks not positioned (a real 4G frame), and keeps its cell', () => {
    const { message } = decoded(decodeGt06Frame(hex('78782322110c070f1b0270000000000000000000040081360104cb8a00bef3000000000523030d0a')));
    // MCC 0x8136: bit 15 says a 2-byte MNC follows (310 / 260, a US network).
    expect(message).toEqual({ kind: 'location', report: { cells: [{ mcc: 310, mnc: 260, lac: 0xcb8a, cid: 0x00bef3 }] } });
  });

  it('gives no position for a not-positioned fix that still carries coordinates', () => {
    const { message } = decoded(decodeGt06Frame(buildGt06Location({ fix: { ...fix, positioned: false }, cell, serial: 1 })));
    expect(message).toEqual({ kind: 'location', report: { cells: [cell] } });
  });

  it('gives no position at 0/0', () => {
    const { message } = decoded(decodeGt06Frame(buildGt06Location({ fix: { ...fix, lat: 0, lng: 0 }, cell, serial: 1 })));
    expect(message).toEqual({ kind: 'location', report: { cells: [cell] } });
  });

  it('refuses a location too short to hold a fix', () => {
    expect(decodeGt06Frame(sealFrame(0x12, encodeGpsBlock(fix).subarray(0, 10), 1))).toEqual({ error: expect.stringContaining('location') });
  });
});

describe('decodeGt06Frame: alarms 0x16 / 0x26 / 0x19', () => {
  const alarm = (fields: { terminalInfo?: number; alarmCode?: number; protocol?: 0x16 | 0x26 }) =>
    buildGt06Alarm({ fix, cell, voltageLevel: 4, gsmSignal: 3, serial: 0x00a1, ...fields });

  it('reads an SOS from the alarm byte, with position, cell, battery and signal, answered after the commit', () => {
    const result = decoded(decodeGt06Frame(alarm({ alarmCode: ALARM_CODE.sos })));
    expect(result.message).toEqual({
      kind: 'alarm',
      meaning: 'sos',
      flags: ['sos'],
      rawStatus: '4001',
      report: {
        batteryPct: 67,
        signalPct: 75,
        position: { lat: expect.closeTo(fix.lat, 5), lng: expect.closeTo(fix.lng, 5), speedKmh: 12, courseDeg: 275, fixedAt: '2026-03-14T09:26:53.000Z' },
        cells: [cell],
      },
    });
    expect(result.answer).toEqual({ bytes: encodeGt06Answer(0x16, 0x00a1), timing: 'after-commit' });
  });

  it('reads the same layout under 0x26 and answers with 0x26', () => {
    const result = decoded(decodeGt06Frame(alarm({ protocol: 0x26, alarmCode: ALARM_CODE.fall })));
    expect(result.message).toMatchObject({ kind: 'alarm', meaning: 'fall', flags: ['fall'] });
    expect(result.answer?.bytes).toEqual(encodeGt06Answer(0x26, 0x00a1));
  });

  it('reads an SOS from the terminal-info alarm field alone', () => {
    expect(alarmOf(alarm({ terminalInfo: sosTerminal, alarmCode: ALARM_CODE.normal }))).toMatchObject({ meaning: 'sos', flags: ['sos'], rawStatus: '6000' });
  });

  it('ranks SOS over low battery, whichever source carries which', () => {
    const lowBatteryTerminal = withTerminalAlarm(TERMINAL_GPS_TRACKING, TERMINAL_ALARM.lowBattery);
    expect(alarmOf(alarm({ terminalInfo: lowBatteryTerminal, alarmCode: ALARM_CODE.sos }))).toMatchObject({ meaning: 'sos', flags: ['sos', 'low_battery'] });
    expect(alarmOf(alarm({ terminalInfo: sosTerminal, alarmCode: ALARM_CODE.lowBattery }))).toMatchObject({ meaning: 'sos', flags: ['sos', 'low_battery'] });
  });

  it('ranks SOS over fall', () => {
    expect(alarmOf(alarm({ terminalInfo: sosTerminal, alarmCode: ALARM_CODE.fall }))).toMatchObject({ meaning: 'sos', flags: ['sos', 'fall'] });
  });

  const named = (codes: number[]) => codes.map((code) => [code.toString(16).padStart(2, '0'), code] as const);

  it.each(named([ALARM_CODE.lowBattery, ALARM_CODE.lowBatteryProtection, ALARM_CODE.internalLowBattery]))(
    'reads alarm byte 0x%s as low battery',
    (_hex, alarmCode) => {
      expect(alarmOf(alarm({ alarmCode }))).toMatchObject({ meaning: 'low_battery', flags: ['low_battery'] });
    },
  );

  it.each(named([0x02, 0x03, 0x04, 0x06, 0x13, 0x7f]))('reads an unrecognised alarm byte 0x%s as device_alarm, its status kept', (code, alarmCode) => {
    const message = alarmOf(alarm({ alarmCode }));
    expect(message).toMatchObject({ meaning: 'device_alarm', flags: [] });
    expect(message.rawStatus).toBe(`40${code}`);
  });

  it('reads an alarm packet with no alarm at all as device_alarm (a human looks at it)', () => {
    expect(alarmOf(hex('787825160B051B093523CF027AC8360C4657B30014000901CC00266A001E1740050400020008D7B10D0A'))).toMatchObject({
      meaning: 'device_alarm',
      flags: [],
      rawStatus: '4000',
    });
  });

  it('reads a real southern/western alarm: position signs, and a power-cut alarm as device_alarm', () => {
    const message = alarmOf(hex('7878251610051b0f1c34c5022515d504b5dcd20738080902d4022bdf009cba5006640201006759680d0a'));
    expect(message).toMatchObject({ meaning: 'device_alarm', flags: [], rawStatus: '5002' });
    expect(message.report.position?.lat).toBeCloseTo(-19.991585, 5);
    expect(message.report.position?.lng).toBeCloseTo(-43.904117, 5);
    expect(message.report.batteryPct).toBe(100);
    expect(message.report.signalPct).toBeUndefined();
  });

  it('reads a real terminal-info "removed" alarm as device_removed (its empty cell left out)', () => {
    const message = alarmOf(hex('7878251613020C12141AC5027951430C2A16F60014000900000000001A00007C550300020002F1E70D0A'));
    expect(message).toMatchObject({ meaning: 'device_removed', flags: ['device_removed'], rawStatus: '7c00' });
    expect(message.report.cells).toBeUndefined();
  });

  it('reads a real LBS SOS alarm (0x19): no position, the cell, answered after the commit', () => {
    const result = decoded(decodeGt06Frame(hex('78781219028f0a29e10036f12003040102000875dc0d0a')));
    expect(result.message).toEqual({
      kind: 'alarm',
      meaning: 'sos',
      flags: ['sos'],
      rawStatus: '2001',
      report: { batteryPct: 50, signalPct: 100, cells: [{ mcc: 655, mnc: 10, lac: 0x29e1, cid: 0x0036f1 }] },
    });
    expect(result.answer).toEqual({ bytes: encodeGt06Answer(0x19, 0x0008), timing: 'after-commit' });
  });

  it('reads a cell with a 2-byte MNC (MCC bit 15)', () => {
    const wideCell = { mcc: 310, mnc: 410, lac: 0x1234, cid: 0x56789a };
    expect(alarmOf(buildGt06Alarm({ fix, cell: wideCell, voltageLevel: 4, gsmSignal: 3, alarmCode: ALARM_CODE.sos, serial: 1 })).report.cells).toEqual([
      wideCell,
    ]);
    expect(
      alarmOf(buildGt06Alarm({ protocol: 0x19, cell: wideCell, voltageLevel: 4, gsmSignal: 3, alarmCode: ALARM_CODE.sos, serial: 1 })).report.cells,
    ).toEqual([wideCell]);
  });

  it('reads the vendor document example 0x26 (a tamper alarm, answered with 0x26 and its serial)', () => {
    const result = decoded(decodeGt06Frame(hex('787825260F0C1D030B26C9027AC8180C4658600004000901CC00287D001F718004041302000C472A0D0A')));
    expect(result.message).toMatchObject({ kind: 'alarm', meaning: 'device_alarm', flags: [], rawStatus: '8013' });
    // The server answer of the same document.
    expect(result.answer).toEqual({ bytes: hex('78780526000c'.concat(crcHex('0526000c'), '0d0a')), timing: 'after-commit' });
  });

  it('reads a GPS alarm that ends with 4 bytes of mileage', () => {
    const standard = alarm({ alarmCode: ALARM_CODE.sos });
    const body = Buffer.concat([standard.subarray(4, standard.length - 6), hex('0001e240')]);
    expect(alarmOf(sealFrame(0x26, body, 0x00a1))).toMatchObject({ meaning: 'sos', flags: ['sos'], report: { cells: [cell] } });
  });

  describe('non-standard layouts: device_alarm for a human, never a guessed SOS', () => {
    it('a real length-0x26 0x16 frame with a 4-byte cell id (read as standard it would be a false SOS)', () => {
      const frame = hex('78782616170A080C0E24C0027C58AD0C2B8B0100454E0901CC0025030328E7A0005D4B13021EC373170D0A');
      const result = decoded(decodeGt06Frame(frame));
      expect(result.message).toEqual({ kind: 'alarm', meaning: 'device_alarm', flags: [], rawStatus: result.content.toString('hex'), report: {} });
      expect(result.content).toEqual(frame.subarray(3, frame.length - 4));
      expect(result.answer).toEqual({ bytes: encodeGt06Answer(0x16, 0x1ec3), timing: 'after-commit' });
    });

    it('a length-0x24 0x16 frame without the LBS length byte, carrying an SOS', () => {
      const body = Buffer.concat([encodeGpsBlock(fix), encodeCell(cell), Buffer.from([0x40, 4, 3, ALARM_CODE.sos, 2])]);
      const frame = sealFrame(0x16, body, 5);
      expect(frame[2]).toBe(0x24);
      expect(alarmOf(frame)).toMatchObject({ meaning: 'device_alarm', flags: [] });
    });

    it('a real multi-cell 0x19 frame', () => {
      expect(alarmOf(hex('7878171915061810051a01f90101700d08c8f50c0000065494ae0d0a'))).toMatchObject({ meaning: 'device_alarm', flags: [] });
    });

    it('an alarm packet too short for any layout', () => {
      expect(alarmOf(sealFrame(0x16, hex('01'), 5))).toEqual({ kind: 'alarm', meaning: 'device_alarm', flags: [], rawStatus: '16010005', report: {} });
    });
  });

  it('identifies a resent alarm by its content and a new press by its new serial', () => {
    const first = decoded(decodeGt06Frame(alarm({ alarmCode: ALARM_CODE.sos })));
    const resent = decoded(decodeGt06Frame(alarm({ alarmCode: ALARM_CODE.sos })));
    const next = decoded(decodeGt06Frame(buildGt06Alarm({ fix, cell, voltageLevel: 4, gsmSignal: 3, alarmCode: ALARM_CODE.sos, serial: 0x00a2 })));
    expect(resent.content).toEqual(first.content);
    expect(next.content).not.toEqual(first.content);
    const frame = alarm({ alarmCode: ALARM_CODE.sos });
    expect(first.content).toEqual(frame.subarray(3, frame.length - 4));
  });
});

describe('decodeGt06Frame: other protocol numbers', () => {
  it.each([
    ['time request', '7878058a000688290d0a', '0x8a'],
    ['information', '78780c95130a071223200100013ad10d0a', '0x95'],
  ])('reports a real %s frame as other, without an answer', (_name, text, type) => {
    const result = decoded(decodeGt06Frame(hex(text)));
    expect(result.message).toEqual({ kind: 'other', type });
    expect(result.answer).toBeUndefined();
  });
});

function crcHex(lenThroughSerial: string): string {
  // Computed independently of the codec (bitwise CRC-16/X.25) so the login answer is checked against a second implementation.
  let crc = 0xffff;
  for (const byte of hex(lenThroughSerial)) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ((crc ^ 0xffff) & 0xffff).toString(16).padStart(4, '0');
}
