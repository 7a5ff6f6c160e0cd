import { parseArgs, UsageError, type SimulatorOptions } from './args';

const parse = (line: string) => parseArgs(line ? line.split(' ') : []) as SimulatorOptions;

describe('simulator arguments', () => {
  it('defaults to one SOS press spread over the demo handsets at the local ingest', () => {
    expect(parse('')).toEqual({
      url: 'http://localhost:3001',
      type: 'sos',
      heartbeat: false,
      count: 1,
      rate: 10,
      target: { kind: 'all-demo' },
      maxAttempts: 6,
    });
  });

  it('reads a demo resident, a type, a count and a rate', () => {
    expect(parse('--resident 3 --type fall --count 20 --rate 2.5')).toMatchObject({
      target: { kind: 'resident', resident: 3 },
      type: 'fall',
      count: 20,
      rate: 2.5,
    });
  });

  it('accepts --name=value and trims a trailing slash from the URL', () => {
    expect(parse('--url=http://10.0.0.5:3001/ --serial=HK-1 --secret=a=b')).toMatchObject({
      url: 'http://10.0.0.5:3001',
      target: { kind: 'device', serial: 'HK-1', secret: 'a=b' },
    });
  });

  it('reads heartbeats with a battery level, attempts and a devices file', () => {
    expect(parse('--resident 2 --heartbeat --battery 15 --attempts 3 --devices-file /tmp/d.json')).toMatchObject({
      heartbeat: true,
      batteryPct: 15,
      maxAttempts: 3,
      devicesFile: '/tmp/d.json',
    });
  });

  it('asks for help', () => {
    expect(parseArgs(['--help'])).toBe('help');
    expect(parseArgs(['-h'])).toBe('help');
  });

  it.each([
    ['--resident', /needs a value/],
    ['--resident 0', /--resident must be a whole number/],
    ['--resident two', /--resident must be a whole number/],
    ['--count 1.5', /--count must be a whole number/],
    ['--rate 0', /--rate must be a number/],
    ['--rate fast', /--rate must be a number/],
    ['--type panic', /--type must be one of sos, fall, low_battery/],
    ['--serial HK-1', /go together/],
    ['--secret k', /go together/],
    ['--resident 1 --serial HK-1 --secret k', /either --resident or --serial/],
    ['--heartbeat --type sos', /a heartbeat has no type/],
    ['--battery 101', /--battery must be a whole number from 0 to 100/],
    ['--url localhost:3001', /--url must be an http/],
    ['--colour red', /unknown option --colour/],
    ['--count 2 --count 3', /given twice/],
    ['resident', /unexpected argument/],
    ['--heartbeat=yes', /takes no value/],
    ['--resident --count 2', /--resident needs a value/],
  ])('refuses "%s"', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError);
    expect(() => parse(line)).toThrow(message);
  });
});
