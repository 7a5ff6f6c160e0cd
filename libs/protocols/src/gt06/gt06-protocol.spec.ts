import { isUndecodable } from '../device-protocol';
import { buildGt06Alarm, buildGt06Heartbeat, buildGt06Login } from './gt06-device-frames';
import { encodeGt06Answer, encodeGt06Command } from './gt06-encoder';
import { gt06Protocol } from './gt06-protocol';
import { ALARM_CODE } from './gt06-status';

describe('gt06Protocol', () => {
  it('declares a login-first protocol named gt06', () => {
    expect(gt06Protocol).toMatchObject({ name: 'gt06', requiresLogin: true, maxFrameBytes: 1024 });
  });

  it('splits a session as a device sends it and answers every frame that needs it with its own serial', () => {
    const cell = { mcc: 460, mnc: 0, lac: 1, cid: 2 };
    const stream = Buffer.concat([
      buildGt06Login({ imei: '868120145233604', serial: 0x0001 }),
      buildGt06Heartbeat({ voltageLevel: 4, gsmSignal: 4, serial: 0x0002 }),
      buildGt06Alarm({ protocol: 0x19, cell, voltageLevel: 4, gsmSignal: 4, alarmCode: ALARM_CODE.sos, serial: 0x0003, corruptCrc: true }),
      buildGt06Alarm({ protocol: 0x19, cell, voltageLevel: 4, gsmSignal: 4, alarmCode: ALARM_CODE.sos, serial: 0x0003 }),
    ]);
    const splitter = gt06Protocol.createSplitter();
    const results = [stream.subarray(0, 20), stream.subarray(20)].flatMap((chunk) => splitter.push(chunk)).map((frame) => gt06Protocol.decode(frame));
    expect(results).toHaveLength(4);
    const [login, heartbeat, corrupt, alarm] = results;
    if (isUndecodable(login) || isUndecodable(heartbeat) || isUndecodable(alarm)) throw new Error('undecodable');
    expect(login.deviceId).toBe('868120145233604');
    expect(login.answer).toEqual({ bytes: encodeGt06Answer(0x01, 1), timing: 'now' });
    expect(heartbeat.answer).toEqual({ bytes: encodeGt06Answer(0x13, 2), timing: 'now' });
    expect(isUndecodable(corrupt)).toBe(true);
    expect(alarm.message).toMatchObject({ kind: 'alarm', meaning: 'sos' });
    expect(alarm.answer).toEqual({ bytes: encodeGt06Answer(0x19, 3), timing: 'after-commit' });
  });

  it('encodes commands with the serial given, ignoring id and addressing', () => {
    expect(gt06Protocol.encodeCommand('868120145233604', { kind: 'locate' }, {}, 42)).toEqual(encodeGt06Command({ kind: 'locate' }, 42));
  });
});
