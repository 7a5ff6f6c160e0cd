import { ALARM_CODE } from './gt06-status';
import { GT06_PROTOCOL } from './gt06-decoder';
import { buildGt06Alarm, buildGt06Heartbeat, buildGt06Login } from './gt06-device-frames';
import { hasValidCrc } from './gt06-envelope';

/**
 * The builder against frames captured from real devices (Traccar's Gt06 test captures whose
 * CRC was checked): the same fields give the same bytes, so the project's own fixtures are
 * shaped exactly like real devices' frames.
 */
const hex = (text: string) => Buffer.from(text, 'hex');

describe('GT06 device-side frame builder', () => {
  it('builds a login byte for byte as a real device does (IMEI in BCD, serial 0x0009)', () => {
    expect(buildGt06Login({ imei: '864717003283581', serial: 0x0009 })).toEqual(hex('78780d01086471700328358100093f040d0a'));
  });

  it('builds the longer login with type id and time-zone word', () => {
    expect(buildGt06Login({ imei: '864717003664467', typeId: 0x100f, timeZoneWord: 0x190a, serial: 0x0002 })).toEqual(
      hex('787811010864717003664467100f190a0002c6d20d0a'),
    );
  });

  it('builds a heartbeat as a real device does', () => {
    expect(buildGt06Heartbeat({ terminalInfo: 0xc4, voltageLevel: 6, gsmSignal: 4, alarmCode: 0, language: 2, serial: 0x0129 })).toEqual(
      hex('78780a13c40604000201298f5b0d0a'),
    );
  });

  it('builds an LBS SOS alarm (0x19) as a real device does', () => {
    const frame = buildGt06Alarm({
      protocol: GT06_PROTOCOL.lbsAlarm,
      cell: { mcc: 655, mnc: 10, lac: 0x29e1, cid: 0x0036f1 },
      terminalInfo: 0x20,
      voltageLevel: 3,
      gsmSignal: 4,
      alarmCode: ALARM_CODE.sos,
      language: 2,
      serial: 0x0008,
    });
    expect(frame).toEqual(hex('78781219028f0a29e10036f12003040102000875dc0d0a'));
  });

  it('builds a GPS alarm (0x16) in the southern and western hemispheres as a real device does', () => {
    const frame = buildGt06Alarm({
      fix: {
        time: new Date('2016-05-27T15:28:52Z'),
        satellites: 5,
        lat: -0x022515d5 / 1_800_000,
        lng: -0x04b5dcd2 / 1_800_000,
        speedKmh: 7,
        courseDeg: 8,
      },
      cell: { mcc: 724, mnc: 2, lac: 0x2bdf, cid: 0x009cba },
      terminalInfo: 0x50,
      voltageLevel: 6,
      gsmSignal: 0x64,
      alarmCode: 0x02,
      language: 1,
      serial: 0x0067,
    });
    expect(frame).toEqual(hex('7878251610051b0f1c34c5022515d504b5dcd20738080902d4022bdf009cba5006640201006759680d0a'));
  });

  it('echoes any serial and can corrupt the CRC', () => {
    const good = buildGt06Heartbeat({ voltageLevel: 4, gsmSignal: 3, serial: 0xfffe });
    const bad = buildGt06Heartbeat({ voltageLevel: 4, gsmSignal: 3, serial: 0xfffe, corruptCrc: true });
    expect(good.readUInt16BE(good.length - 6)).toBe(0xfffe);
    expect(hasValidCrc(good)).toBe(true);
    expect(hasValidCrc(bad)).toBe(false);
    expect(bad.subarray(0, bad.length - 4)).toEqual(good.subarray(0, good.length - 4));
  });

  it('builds 79 79 frames with a 2-byte length', () => {
    const frame = buildGt06Heartbeat({ voltageLevel: 4, gsmSignal: 3, serial: 1, long: true });
    expect(frame.subarray(0, 5)).toEqual(hex('7979000a13'));
    expect(hasValidCrc(frame)).toBe(true);
  });

  it('refuses an IMEI that is not 15 digits', () => {
    expect(() => buildGt06Login({ imei: '12345', serial: 1 })).toThrow(RangeError);
  });
});
