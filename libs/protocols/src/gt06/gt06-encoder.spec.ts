import { crc16X25 } from './gt06-crc';
import { commandText, encodeGt06Answer, encodeGt06Command, encodeGt06TextCommand } from './gt06-encoder';
import { openEnvelope } from './gt06-envelope';

const hex = (text: string) => Buffer.from(text, 'hex');

describe('encodeGt06Answer', () => {
  it('is 78 78 05 PROTO SERIAL CRC 0D 0A with the device serial (a real server answer)', () => {
    // The answer to the login of serial 0x0009 in the captures: 78 78 05 01 00 09 CRC 0D 0A.
    const answer = encodeGt06Answer(0x01, 0x0009);
    expect(answer.subarray(0, 6)).toEqual(hex('787805010009'));
    expect(answer.readUInt16BE(6)).toBe(crc16X25(hex('05010009')));
    expect(answer.subarray(8)).toEqual(hex('0d0a'));
  });

  it.each([
    ['heartbeat', 0x13, 0x0100, '787805130100e1a00d0a'],
    ['alarm 0x26', 0x26, 0x001c, '78780526001c9d860d0a'],
  ])('matches the %s answer of the Concox JM-VL03 document', (_name, protocol, serial, text) => {
    expect(encodeGt06Answer(protocol, serial)).toEqual(hex(text));
  });

  it('echoes any serial', () => {
    for (const serial of [0, 1, 0x7878, 0xffff]) expect(encodeGt06Answer(0x13, serial).readUInt16BE(4)).toBe(serial);
  });
});

describe('encodeGt06Command (0x80)', () => {
  it('frames the position query DWXX# as Traccar does: length, command length, server flag, text, serial, CRC', () => {
    const frame = encodeGt06Command({ kind: 'locate' }, 0x0001);
    const text = Buffer.from('DWXX#', 'ascii');
    // LEN 0x0F = PROTO + command length + flag (4) + 5 text bytes + serial + CRC; command length 0x09 = flag + text.
    expect(frame.subarray(0, 9)).toEqual(hex('78780f800900000000'));
    expect(frame.subarray(9, 9 + text.length)).toEqual(text);
    expect(frame.readUInt16BE(9 + text.length)).toBe(0x0001);
    expect(frame.length).toBe(2 + 1 + 1 + 1 + 4 + text.length + 2 + 2 + 2);
    const envelope = openEnvelope(frame);
    expect('error' in envelope).toBe(false);
  });

  it('matches the online-command example of the Concox JM-VL03 document (sos#, serial 1)', () => {
    expect(encodeGt06TextCommand('sos#', 0x0001)).toEqual(hex('78780e800800000000736f732300016d6a0d0a'));
  });

  it('uses the serial it is given', () => {
    const frame = encodeGt06Command({ kind: 'locate' }, 0x1234);
    expect(frame.readUInt16BE(frame.length - 6)).toBe(0x1234);
  });

  it('sets the SOS numbers with SOS,A,n1,n2,n3#', () => {
    expect(commandText({ kind: 'sos-numbers', numbers: ['12349', '+8613800138000', '110'] })).toBe('SOS,A,12349,+8613800138000,110#');
    const frame = encodeGt06Command({ kind: 'sos-numbers', numbers: ['12349'] }, 7);
    expect(frame.subarray(9, frame.length - 6).toString('ascii')).toBe('SOS,A,12349#');
  });

  it.each([[[]], [['1', '2', '3', '4']], [['123,456']], [['12#']], [['']]])('refuses SOS numbers %j', (numbers) => {
    expect(() => encodeGt06Command({ kind: 'sos-numbers', numbers }, 1)).toThrow(RangeError);
  });
});
