import type { DemoDevicesFile } from '@app/demo';
import { gt06Protocol, watchProtocol } from '@app/protocols';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDeviceGateway } from '../support/fake-device-gateway';

/**
 * The simulator's TCP devices (`npm run simulate -- --protocol watch|gt06`), the built CLI as a
 * real process, against a real TCP server that answers with the codecs of @app/protocols: the
 * GT06 logs in and waits for the answer, an unanswered alarm goes again byte for byte, answers
 * and the server's commands are printed, many devices use many connections.
 */
const SIMULATOR = join(__dirname, '../../dist/apps/simulator/src/main.js');
const WATCH = { serial: '8800000003', resident: 3, home: { lat: 35.4098, lng: 119.5311 } };
const PENDANT = { serial: '865700000000004', resident: 4, home: { lat: 35.1219, lng: 119.3179 } };

let dir: string;
let devicesFile: string;

beforeAll(() => {
  if (!existsSync(SIMULATOR)) throw new Error(`${SIMULATOR} is missing: run \`npm run build\` first (npm test does it)`);
  dir = mkdtempSync(join(tmpdir(), 'heartkey-sim-'));
  devicesFile = join(dir, 'demo-devices.json');
  const file: DemoDevicesFile = {
    note: 'test',
    devices: [
      { protocol: 'http', serial: 'HK-DEMO-0001', secret: 'x'.repeat(43), resident: 1, residentName: 'One', home: { lat: 35.4, lng: 119.5 } },
      { protocol: 'watch', serial: WATCH.serial, maker: '3G', resident: WATCH.resident, residentName: 'Zhang Guifang', home: WATCH.home },
      { protocol: 'gt06', serial: PENDANT.serial, resident: PENDANT.resident, residentName: 'Liu Changlin', home: PENDANT.home },
    ],
  };
  writeFileSync(devicesFile, JSON.stringify(file));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function simulate(gateway: FakeDeviceGateway, protocol: 'watch' | 'gt06', args: string): Promise<{ code: number | null; output: string }> {
  const argv = [SIMULATOR, '--protocol', protocol, '--host', '127.0.0.1', '--port', String(gateway.port), '--devices-file', devicesFile, ...args.split(' ')];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const kinds = (gateway: FakeDeviceGateway) => gateway.received.map((f) => f.decoded.message.kind);

describe('the simulated GT06 pendant', () => {
  let gateway: FakeDeviceGateway;
  afterEach(() => gateway?.stop());

  it('logs in first, sends nothing until the login is answered, then its alarm; prints the answers and the SOS numbers the server wrote', async () => {
    const LOGIN_ANSWER_DELAY_MS = 400;
    gateway = await FakeDeviceGateway.start(gt06Protocol, (frame) => ({ afterMs: frame.decoded.message.kind === 'login' ? LOGIN_ANSWER_DELAY_MS : 0 }));
    // As the gateway does at the first connection: the hotline becomes the SOS number.
    gateway.whenFrame((frame) => {
      if (frame.decoded.message.kind === 'login')
        gateway.write(frame.connection, gt06Protocol.encodeCommand(PENDANT.serial, { kind: 'sos-numbers', numbers: ['12349'] }, {}, 1));
    });

    const { code, output } = await simulate(gateway, 'gt06', `--resident ${PENDANT.resident} --type fall --listen 0.2`);

    expect(code).toBe(0);
    expect(kinds(gateway)).toEqual(['login', 'alarm']);
    const [login, alarm] = gateway.received;
    expect(login.deviceId).toBe(PENDANT.serial);
    expect(alarm.at).toBeGreaterThanOrEqual(gateway.answered[0].at);
    expect(alarm.at - login.at).toBeGreaterThanOrEqual(LOGIN_ANSWER_DELAY_MS - 20);
    expect(alarm.decoded.message).toMatchObject({ kind: 'alarm', meaning: 'fall', report: { position: { lat: expect.closeTo(PENDANT.home.lat, 4) } } });

    expect(output).toMatch(/← answer 0x01 serial 0x0001 \(78 78 05 01 00 01 .. .. 0d 0a\) after \d+ ms/);
    expect(output).toMatch(/865700000000004 \(resident 4, Liu Changlin\): answer 0x16 serial 0x0002 \(78 78 05 16 00 02 .. .. 0d 0a\) after \d+ ms/);
    expect(output).toMatch(/from the server 0x80 "SOS,A,12349#" serial 0x0001 \(78 78 .*\): SOS numbers 12349/);
    expect(output).toContain('1 answered · 0 no answer');
  });

  it('sends an SOS without a GPS fix with --no-fix', async () => {
    gateway = await FakeDeviceGateway.start(gt06Protocol);
    const { code } = await simulate(gateway, 'gt06', `--serial ${PENDANT.serial} --no-fix --listen 0`);
    expect(code).toBe(0);
    const alarm = gateway.received.find((f) => f.decoded.message.kind === 'alarm')!;
    expect(alarm.decoded.message).toMatchObject({ kind: 'alarm', meaning: 'sos' });
    expect(alarm.decoded.message.kind === 'alarm' && alarm.decoded.message.report.position).toBeFalsy();
  });
});

describe('the simulated watch', () => {
  let gateway: FakeDeviceGateway;
  afterEach(() => gateway?.stop());

  it('sends an unanswered alarm again byte for byte, and answers a locate request with its position', async () => {
    let alarms = 0;
    gateway = await FakeDeviceGateway.start(watchProtocol, (frame) => (frame.decoded.message.kind === 'alarm' && ++alarms === 1 ? undefined : { afterMs: 0 }));
    gateway.whenFrame((frame) => {
      // Once the resent alarm is in, the console asks where the watch is.
      if (frame.decoded.message.kind === 'alarm' && alarms === 1) {
        setTimeout(() => gateway.write(frame.connection, watchProtocol.encodeCommand(WATCH.serial, { kind: 'locate' }, { maker: '3G' }, 1)), 50);
      }
    });

    const { code, output } = await simulate(gateway, 'watch', `--resident ${WATCH.resident} --answer-timeout 300 --attempts 3 --listen 0.5`);

    expect(code).toBe(0);
    expect(kinds(gateway)).toEqual(['alarm', 'alarm', 'location']);
    const [first, second, location] = gateway.received;
    expect(second.bytes).toEqual(first.bytes);
    expect(second.at - first.at).toBeGreaterThanOrEqual(280);
    expect(first.decoded.message).toMatchObject({ kind: 'alarm', meaning: 'sos', report: { position: { lat: expect.closeTo(WATCH.home.lat, 4) } } });
    expect(location.deviceId).toBe(WATCH.serial);

    expect(output).toContain('(sent again, 2)');
    expect(output).toMatch(/8800000003 \(resident 3, Zhang Guifang\): answer \[3G\*8800000003\*0002\*AL\] after \d+ ms, 2 sends/);
    expect(output).toContain('from the server [3G*8800000003*0002*CR]: locate: report the position now (the device answers with its position)');
    expect(output).toMatch(/→ \[3G\*8800000003\*[0-9A-F]{4}\*UD,/);
    expect(output).toContain('1 resends');
  });

  it('reports "no answer" after --attempts identical sends when nobody answers (an unregistered id), exiting non-zero', async () => {
    gateway = await FakeDeviceGateway.start(watchProtocol, () => undefined);
    const { code, output } = await simulate(gateway, 'watch', '--serial 9900000001 --type removed --attempts 2 --answer-timeout 200 --listen 0');
    expect(code).toBe(1);
    expect(gateway.received).toHaveLength(2);
    expect(gateway.received[1].bytes).toEqual(gateway.received[0].bytes);
    expect(gateway.received[0].decoded.message).toMatchObject({ kind: 'alarm', meaning: 'device_removed' });
    expect(output).toMatch(/9900000001: no answer \(2 sends: no answer\)/);
    expect(output).toContain('0 answered · 1 no answer');
  });

  it('sends a heartbeat with the battery, answered at once', async () => {
    gateway = await FakeDeviceGateway.start(watchProtocol);
    const { code, output } = await simulate(gateway, 'watch', `--resident ${WATCH.resident} --heartbeat --battery 15 --listen 0`);
    expect(code).toBe(0);
    expect(gateway.received.map((f) => f.decoded.message)).toEqual([{ kind: 'heartbeat', report: { batteryPct: 15 } }]);
    expect(output).toMatch(/answer \[3G\*8800000003\*0002\*LK\] after \d+ ms/);
  });
});

describe('many simulated devices', () => {
  let gateway: FakeDeviceGateway;
  afterEach(() => gateway?.stop());

  it('spreads the frames over one connection per device, each logged in, and counts the unregistered ones as unanswered', async () => {
    const registered = new Set(['990000000000001', '990000000000002']);
    gateway = await FakeDeviceGateway.start(gt06Protocol, (frame) => (frame.deviceId && registered.has(frame.deviceId) ? { afterMs: 0 } : undefined));

    const { code, output } = await simulate(gateway, 'gt06', '--devices 4 --count 12 --rate 200 --attempts 1 --answer-timeout 300 --listen 0');

    expect(code).toBe(1);
    expect(gateway.connections).toBeGreaterThanOrEqual(4);
    const logins = gateway.received.filter((f) => f.decoded.message.kind === 'login').map((f) => f.deviceId);
    expect(new Set(logins)).toEqual(new Set(['990000000000001', '990000000000002', '990000000000003', '990000000000004']));
    // Every alarm came over a connection whose login was answered: the unregistered pendants never got past it.
    const alarms = gateway.received.filter((f) => f.decoded.message.kind === 'alarm');
    expect(alarms).toHaveLength(6);
    expect(alarms.every((f) => registered.has(f.deviceId!))).toBe(true);
    expect(output).toContain('12 frames over 4 connections');
    expect(output).toContain('6 answered · 6 no answer');
    expect(output).toMatch(/990000000000003: no answer \(1 send: login not answered\)/);
    expect(output).toMatch(/latency {5}p50 [\d.]+ ms · p95 [\d.]+ ms · p99 [\d.]+ ms/);
  });
});
