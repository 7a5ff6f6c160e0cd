import { encodeGt06Answer, watchProtocol } from '@app/protocols';
import { gt06Dialect } from './gt06-device';
import { describeOutcome, describeServerFrame, printingTrace } from './tcp-report';
import { watchDialect } from './watch-device';

const watchAnswer = Buffer.from('[3G*8800000003*0002*AL]');
const device = { id: '8800000003', label: '8800000003 (resident 3)' };

describe('describeOutcome', () => {
  it('says which answer came and when', () => {
    expect(describeOutcome({ answer: watchAnswer, expectsAnswer: true, attempts: 1, latencyMs: 23.4 }, watchDialect)).toBe(
      'answer [3G*8800000003*0002*AL] after 23 ms',
    );
    expect(describeOutcome({ answer: encodeGt06Answer(0x16, 5), expectsAnswer: true, attempts: 2, latencyMs: 3019 }, gt06Dialect)).toMatch(
      /^answer 0x16 serial 0x0005 \(78 78 05 16 00 05 .. .. 0d 0a\) after 3019 ms, 2 sends$/,
    );
  });

  it('says when no answer came, after how many sends and why', () => {
    expect(describeOutcome({ expectsAnswer: true, attempts: 3, latencyMs: 9000, error: 'no answer' }, watchDialect)).toBe(
      'no answer (3 sends: no answer) after 9000 ms',
    );
    expect(describeOutcome({ expectsAnswer: true, attempts: 1, latencyMs: 3, error: 'connect ECONNREFUSED 127.0.0.1:5023' }, gt06Dialect)).toBe(
      'no answer (1 send: connect ECONNREFUSED 127.0.0.1:5023) after 3 ms',
    );
  });

  it('says a position gets no answer', () => {
    expect(describeOutcome({ expectsAnswer: false, attempts: 1, latencyMs: 1 }, watchDialect)).toBe('sent in 1 ms; a position gets no answer');
  });
});

describe('the server frames the simulator prints', () => {
  it('names the commands', () => {
    const locate = watchProtocol.encodeCommand('8800000003', { kind: 'locate' }, { maker: '3G' }, 1);
    expect(describeServerFrame(locate, watchDialect)).toBe('[3G*8800000003*0002*CR]: locate: report the position now (the device answers with its position)');
    const sos = watchProtocol.encodeCommand('8800000003', { kind: 'sos-numbers', numbers: ['12349'] }, { maker: '3G' }, 1);
    expect(describeServerFrame(sos, watchDialect)).toBe('[3G*8800000003*000B*SOS,12349,,]: SOS numbers 12349');
    expect(describeServerFrame(Buffer.from('[3G*8800000003*0004*LK,1]'), watchDialect)).toBe('[3G*8800000003*0004*LK,1] (not a command this simulator knows)');
  });

  it('prints every send and answer of a single frame, and only the first server frames of a load run', () => {
    const lines: string[] = [];
    const single = printingTrace(watchDialect, true, (line) => lines.push(line));
    single.sent?.(device, Buffer.from('[3G*8800000003*0002*AL]'), 1);
    single.sent?.(device, Buffer.from('[3G*8800000003*0002*AL]'), 2);
    single.answered?.(device, watchAnswer, 12);
    expect(lines).toEqual(['  → [3G*8800000003*0002*AL]', '  → [3G*8800000003*0002*AL] (sent again, 2)', '  ← answer [3G*8800000003*0002*AL] after 12 ms']);

    lines.length = 0;
    const load = printingTrace(watchDialect, false, (line) => lines.push(line));
    expect(load.sent).toBeUndefined();
    const sos = watchProtocol.encodeCommand('8800000003', { kind: 'sos-numbers', numbers: ['12349'] }, { maker: '3G' }, 1);
    for (let i = 0; i < 25; i++) load.serverFrame?.(device, sos, undefined);
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('  ← 8800000003 (resident 3): from the server [3G*8800000003*000B*SOS,12349,,]: SOS numbers 12349');
    expect(load.unshown()).toBe(5);
  });
});
