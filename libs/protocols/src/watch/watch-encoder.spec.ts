import { decodeWatchFrame } from './watch-decoder';
import { encodeWatchCommand } from './watch-encoder';
import { watchProtocol } from './watch-protocol';

const text = (bytes: Buffer) => bytes.toString('latin1');

describe('encodeWatchCommand', () => {
  it('asks for the position with CR, in the maker the device used', () => {
    expect(text(encodeWatchCommand('8800000015', { kind: 'locate' }, { maker: 'SG' }))).toBe('[SG*8800000015*0002*CR]');
    expect(text(encodeWatchCommand('358839237678820', { kind: 'locate' }, { maker: '3G' }))).toBe('[3G*358839237678820*0002*CR]');
  });

  it('echoes the ZJ index', () => {
    expect(text(encodeWatchCommand('014111001350304', { kind: 'locate' }, { maker: 'ZJ', index: '0034' }))).toBe('[ZJ*014111001350304*0034*0002*CR]');
  });

  it('falls back to the generic maker when the device has not said its own', () => {
    expect(text(encodeWatchCommand('8800000015', { kind: 'locate' }, {}))).toBe('[CS*8800000015*0002*CR]');
  });

  it('sets the three SOS numbers at once, padding the missing ones with empty slots', () => {
    expect(text(encodeWatchCommand('8800000015', { kind: 'sos-numbers', numbers: ['12349', '+8613800138000', '0591123'] }, { maker: '3G' }))).toBe(
      '[3G*8800000015*0020*SOS,12349,+8613800138000,0591123]',
    );
    expect(text(encodeWatchCommand('8800000015', { kind: 'sos-numbers', numbers: ['12349'] }, { maker: 'SG' }))).toBe('[SG*8800000015*000B*SOS,12349,,]');
    expect(text(encodeWatchCommand('8800000015', { kind: 'sos-numbers', numbers: [] }, { maker: 'SG' }))).toBe('[SG*8800000015*0006*SOS,,,]');
  });

  it('writes the length as 4 uppercase hex digits of the content byte length', () => {
    const frame = text(
      encodeWatchCommand('8800000015', { kind: 'sos-numbers', numbers: ['1234567890123', '1234567890123', '1234567890123'] }, { maker: 'SG' }),
    );
    const [, length, content] = /^\[SG\*8800000015\*([0-9A-F]{4})\*(.*)\]$/.exec(frame) ?? [];
    expect(Number.parseInt(length, 16)).toBe(Buffer.byteLength(content));
    expect(length).toBe('002D');
  });

  it('refuses what no watch could take', () => {
    expect(() => encodeWatchCommand('8800000015', { kind: 'sos-numbers', numbers: ['1', '2', '3', '4'] }, { maker: 'SG' })).toThrow(RangeError);
    expect(() => encodeWatchCommand('8800000015', { kind: 'sos-numbers', numbers: ['123,456'] }, { maker: 'SG' })).toThrow(RangeError);
    expect(() => encodeWatchCommand('8800000015', { kind: 'sos-numbers', numbers: ['12]['] }, { maker: 'SG' })).toThrow(RangeError);
  });

  it('answers through the protocol in the addressing a decoded frame gave (serial ignored)', () => {
    const result = decodeWatchFrame(Buffer.from('[ZJ*014111001350304*0034*0009*LK,0,0,19]', 'latin1'));
    if ('error' in result) throw new Error(result.error);
    expect(text(watchProtocol.encodeCommand(result.deviceId ?? '', { kind: 'locate' }, result.addressing ?? {}, 7))).toBe('[ZJ*014111001350304*0034*0002*CR]');
  });
});

describe('watchProtocol', () => {
  it('is the watch protocol: no login, a splitter per connection', () => {
    expect(watchProtocol).toMatchObject({ name: 'watch', requiresLogin: false });
    expect(watchProtocol.createSplitter()).not.toBe(watchProtocol.createSplitter());
    const frame = Buffer.from('[SG*8800000015*0002*LK]', 'latin1');
    const [split] = watchProtocol.createSplitter().push(frame);
    expect(watchProtocol.decode(split)).toMatchObject({ deviceId: '8800000015', message: { kind: 'heartbeat' } });
  });
});
