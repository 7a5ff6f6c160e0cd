import { parseArgs, UsageError, type HttpSimulatorOptions, type SimulatorOptions, type TcpSimulatorOptions } from './args';

const parse = (line: string) => parseArgs(line ? line.split(' ') : []) as SimulatorOptions;
const http = (line: string) => parse(line) as HttpSimulatorOptions;
const tcp = (line: string) => parse(line) as TcpSimulatorOptions;

describe('simulator arguments', () => {
  it('defaults to one SOS press spread over the demo handsets at the local ingest', () => {
    expect(parse('')).toEqual({
      protocol: 'http',
      url: 'http://localhost:3001',
      type: 'sos',
      heartbeat: false,
      outage: false,
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

  it('reads the HTTP options as before, the protocol being http', () => {
    expect(http('--protocol http --resident 3').target).toEqual({ kind: 'resident', resident: 3 });
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
    ['--type removed', /over HTTP \(removed and device_alarm are watch \/ gt06 alarms\)/],
    ['--port 5093', /--port is for --protocol watch or gt06/],
    ['--no-fix', /--no-fix is for --protocol watch or gt06/],
    ['--devices 3', /--devices is for --protocol watch or gt06/],
    ['--protocol tcp', /--protocol must be one of http, watch, gt06/],
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

describe('simulator arguments for TCP devices', () => {
  it('defaults to an SOS with a fix from every demo device of the protocol, on its port at the host of --url', () => {
    expect(parse('--protocol watch')).toEqual({
      protocol: 'watch',
      host: 'localhost',
      port: 5093,
      frame: { kind: 'alarm', type: 'sos', fix: true },
      target: { kind: 'all-demo' },
      count: 1,
      rate: 10,
      maxAttempts: 6,
      answerTimeoutMs: 3000,
      listenMs: 1000,
    });
    expect(tcp('--protocol gt06 --url http://10.0.0.5:3001/').port).toBe(5023);
    expect(tcp('--protocol gt06 --url http://10.0.0.5:3001/').host).toBe('10.0.0.5');
    expect(tcp('--protocol gt06 --url http://[::1]:3001').host).toBe('::1');
  });

  it('takes --host and --port over the URL', () => {
    expect(tcp('--protocol watch --url http://a.example:3001 --host 127.0.0.1 --port 6093')).toMatchObject({ host: '127.0.0.1', port: 6093 });
  });

  it.each([
    ['--type fall', { kind: 'alarm', type: 'fall', fix: true }],
    ['--type removed', { kind: 'alarm', type: 'removed', fix: true }],
    ['--type device_alarm --no-fix', { kind: 'alarm', type: 'device_alarm', fix: false }],
    ['--no-fix', { kind: 'alarm', type: 'sos', fix: false }],
    ['--heartbeat --battery 15', { kind: 'heartbeat' }],
    ['--location', { kind: 'location', fix: true }],
    ['--location --no-fix', { kind: 'location', fix: false }],
  ])('"%s" chooses the frame %j', (line, frame) => {
    expect(tcp(`--protocol gt06 ${line}`).frame).toEqual(frame);
  });

  it('reads the targets: a demo resident, a device id, simulated devices', () => {
    expect(tcp('--protocol watch --resident 3').target).toEqual({ kind: 'resident', resident: 3 });
    expect(tcp('--protocol watch --serial 8800000003').target).toEqual({ kind: 'device', serial: '8800000003' });
    expect(tcp('--protocol watch --serial 358839237678820').target).toEqual({ kind: 'device', serial: '358839237678820' });
    expect(tcp('--protocol gt06 --serial 865700000000004').target).toEqual({ kind: 'device', serial: '865700000000004' });
    expect(tcp('--protocol gt06 --devices 50').target).toEqual({ kind: 'simulated', count: 50, serialPrefix: '99' });
    expect(tcp('--protocol watch --devices 50 --serial-prefix 77123').target).toEqual({ kind: 'simulated', count: 50, serialPrefix: '77123' });
  });

  it('reads the load, resend and listening options', () => {
    expect(tcp('--protocol gt06 --count 100 --rate 50 --attempts 2 --answer-timeout 250 --listen 0')).toMatchObject({
      count: 100,
      rate: 50,
      maxAttempts: 2,
      answerTimeoutMs: 250,
      listenMs: 0,
    });
    expect(tcp('--protocol watch --listen 2.5').listenMs).toBe(2500);
  });

  it.each([
    ['--protocol gt06 --serial 8800000003', /a GT06 id is its 15-digit IMEI/],
    ['--protocol watch --serial HK-DEMO-0003', /a watch id is 10 digits or a 15-digit IMEI/],
    ['--protocol watch --serial 8800000003 --secret k', /has no secret/],
    ['--protocol watch --type panic', /--type must be one of sos, fall, low_battery, removed, device_alarm/],
    ['--protocol watch --location --type fall', /--location sends a position/],
    ['--protocol watch --location --heartbeat', /--location sends a position/],
    ['--protocol watch --heartbeat --no-fix', /a heartbeat has no fix/],
    ['--protocol watch --heartbeat --type sos', /a heartbeat has no type/],
    ['--protocol watch --devices 3 --resident 3', /no --resident or --serial/],
    ['--protocol watch --serial-prefix 99', /--serial-prefix goes with --devices/],
    ['--protocol watch --devices 3 --serial-prefix 9x', /--serial-prefix must be digits/],
    ['--protocol watch --devices 100 --serial-prefix 123456789', /100 watch ids of 10 digits do not fit after the prefix "123456789"/],
    ['--protocol watch --devices 0', /--devices must be a whole number from 1/],
    ['--protocol gt06 --port 70000', /--port must be a whole number from 1 to 65535/],
    ['--protocol gt06 --answer-timeout 0', /--answer-timeout must be a whole number from 1/],
    ['--protocol gt06 --listen -1', /--listen must be a number of seconds/],
  ])('refuses "%s"', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError);
    expect(() => parse(line)).toThrow(message);
  });
});
