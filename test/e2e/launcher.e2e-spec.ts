import { SecretBox, signHandsetRequest, verifyHandsetSignature, verifyPassword } from '@app/auth';
import { CONFIG_ERROR_EXIT_CODE } from '@app/config';
import { dataSourceOptions, runMigrationsLocked } from '@app/database';
import { isDemoHttpDevice, readDemoDevices } from '@app/demo';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_RESIDENTS, DEMO_USERS } from '../../apps/launcher/src/demo-data';
import { seedDemoData, type SeedResult } from '../../apps/launcher/src/seed';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { freePorts } from '../support/processes';

describe('demo seed', () => {
  let env: SuiteEnvironment;
  let dataSource: DataSource;
  let dir: string;
  let devicesFile: string;
  let first: SeedResult;
  let second: SeedResult;

  const count = async (sql: string): Promise<number> => Number((await dataSource.query(sql))[0].n);

  beforeAll(async () => {
    env = await createSuiteEnvironment('launcher');
    dataSource = await new DataSource(dataSourceOptions({ url: env.databaseUrl, poolSize: 2 })).initialize();
    await runMigrationsLocked(dataSource);
    dir = mkdtempSync(join(tmpdir(), 'heartkey-seed-'));
    devicesFile = join(dir, 'demo-devices.json');
    const options = { deviceSecretKey: env.config.DEVICE_SECRET_KEY, devicesFile };
    first = await seedDemoData(dataSource, options);
    second = await seedDemoData(dataSource, options);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await env?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the demo data once and nothing on the second run', () => {
    expect(first.rowsWritten).toBeGreaterThan(0);
    expect(second.rowsWritten).toBe(0);
    expect(second.devicesList).toEqual(first.devicesList);
  });

  it('has eighteen residents (eleven in 东港区, enough for an outage), each with a care team of three and one handset', async () => {
    expect(await count('SELECT count(*) AS n FROM residents')).toBe(18);
    expect(await count(`SELECT count(*) AS n FROM devices WHERE protocol = 'http'`)).toBe(18);
    const teams: { n: string; roles: string[] }[] = await dataSource.query(
      `SELECT count(*) AS n, array_agg(role ORDER BY role) AS roles FROM care_team GROUP BY resident_id`,
    );
    expect(teams).toHaveLength(18);
    for (const team of teams) expect(team.roles).toEqual(['cadre', 'carer', 'doctor']);
    const perResident: { n: string }[] = await dataSource.query(`SELECT count(*) AS n FROM devices WHERE protocol = 'http' GROUP BY resident_id`);
    expect(perResident.every((r) => Number(r.n) === 1)).toBe(true);
  });

  it('gives resident 3 a watch and resident 4 a GT06 pendant, without secrets, listed in the devices file for the simulator', async () => {
    const rows: { serial: string; protocol: string; resident_id: string; secret_ciphertext: string | null; enabled: boolean }[] = await dataSource.query(
      `SELECT serial, protocol, resident_id, secret_ciphertext, enabled FROM devices WHERE protocol <> 'http' ORDER BY serial`,
    );
    expect(rows).toEqual([
      { serial: '865700000000004', protocol: 'gt06', resident_id: DEMO_RESIDENTS[3].id, secret_ciphertext: null, enabled: true },
      { serial: '8800000003', protocol: 'watch', resident_id: DEMO_RESIDENTS[2].id, secret_ciphertext: null, enabled: true },
    ]);
    const tcp = readDemoDevices(devicesFile).filter((d) => d.protocol !== 'http');
    expect(tcp).toEqual([
      {
        protocol: 'watch',
        serial: '8800000003',
        maker: '3G',
        resident: 3,
        residentName: DEMO_RESIDENTS[2].fullName,
        home: DEMO_RESIDENTS[2].home,
        district: DEMO_RESIDENTS[2].district,
      },
      {
        protocol: 'gt06',
        serial: '865700000000004',
        resident: 4,
        residentName: DEMO_RESIDENTS[3].fullName,
        home: DEMO_RESIDENTS[3].home,
        district: DEMO_RESIDENTS[3].district,
      },
    ]);
    expect(first.devices).toBe(20);
  });

  it('upgrades a devices file written before the device protocols, keeping its handset secrets', async () => {
    const oldFile = join(dir, 'old-demo-devices.json');
    const current = readDemoDevices(devicesFile).filter(isDemoHttpDevice);
    // The file as earlier versions wrote it: HTTP handsets only, no protocol field.
    writeFileSync(oldFile, JSON.stringify({ note: 'old', devices: current.map(({ protocol: _protocol, ...rest }) => rest) }));
    const upgraded = await seedDemoData(dataSource, { deviceSecretKey: env.config.DEVICE_SECRET_KEY, devicesFile: oldFile });
    expect(upgraded.rowsWritten).toBe(0);
    expect(readDemoDevices(oldFile)).toEqual(readDemoDevices(devicesFile));
  });

  it('has realistic residents aged 68 to 95', async () => {
    const ages: { age: number }[] = await dataSource.query(`SELECT date_part('year', age(current_date, date_of_birth))::int AS age FROM residents`);
    for (const { age } of ages) {
      expect(age).toBeGreaterThanOrEqual(68);
      expect(age).toBeLessThanOrEqual(95);
    }
    expect(await count(`SELECT count(*) AS n FROM residents WHERE jsonb_array_length(emergency_contacts) = 0`)).toBe(0);
  });

  it('creates the demo logins, responders linked to their responder', async () => {
    const users: { username: string; role: string; responder_id: string | null }[] = await dataSource.query(
      'SELECT username, role, responder_id FROM users ORDER BY username',
    );
    const names = users.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['admin', 'supervisor', 'operator', 'operator2', 'carer1', 'carer4']));
    for (const u of users.filter((x) => x.role === 'responder')) expect(u.responder_id).not.toBeNull();
    expect(await count(`SELECT count(*) AS n FROM responders WHERE role = 'volunteer'`)).toBe(2);
  });

  it('stores argon2id hashes of the passwords the banner prints', async () => {
    const rows: { username: string; password_hash: string }[] = await dataSource.query('SELECT username, password_hash FROM users');
    expect(rows).toHaveLength(DEMO_USERS.length);
    for (const user of DEMO_USERS) {
      const row = rows.find((r) => r.username === user.username)!;
      expect(user.password.length).toBeGreaterThanOrEqual(10);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(row.password_hash, user.password)).toBe(true);
    }
  });

  it('keeps each handset secret in the private devices file, sealed in the database', async () => {
    expect(statSync(devicesFile).mode & 0o777).toBe(0o600);
    const devices = readDemoDevices(devicesFile).filter(isDemoHttpDevice);
    expect(devices.map((d) => d.serial)).toEqual(Array.from({ length: 18 }, (_, i) => `HK-DEMO-${String(i + 1).padStart(4, '0')}`));
    const box = new SecretBox(env.config.DEVICE_SECRET_KEY);
    for (const device of devices) {
      const [row]: { secret_ciphertext: string }[] = await dataSource.query('SELECT secret_ciphertext FROM devices WHERE serial = $1', [device.serial]);
      const stored = box.open(row.secret_ciphertext);
      expect(stored).toBe(device.secret);
      expect(readFileSync(devicesFile, 'utf8')).toContain(device.secret);
      const ts = String(Date.now());
      expect(verifyHandsetSignature(stored, ts, '{}', signHandsetRequest(device.secret, ts, '{}'))).toBe(true);
    }
  });

  it('reseals the secrets when the device key changes, keeping the ones in the file', async () => {
    const otherKey = Buffer.alloc(32, 7).toString('base64');
    const again = await seedDemoData(dataSource, { deviceSecretKey: otherKey, devicesFile });
    expect(again.rowsWritten).toBe(18);
    const [row]: { secret_ciphertext: string }[] = await dataSource.query(`SELECT secret_ciphertext FROM devices WHERE serial = 'HK-DEMO-0001'`);
    expect(new SecretBox(otherKey).open(row.secret_ciphertext)).toBe(readDemoDevices(devicesFile).filter(isDemoHttpDevice)[0].secret);
  });
});

describe('launcher with an invalid configuration', () => {
  const LAUNCHER = join(__dirname, '../../dist/apps/launcher/src/main.js');
  /** The launcher used to restart such an app forever; it must give up well before its 90 s readiness timeout. */
  const GIVES_UP_WITHIN_MS = 20_000;

  it('stops everything with the list of problems and the configuration exit code, instead of restarting the apps', async () => {
    if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run build\` first (npm test does it)`);
    const [ingest, consolePort, dispatcher] = await freePorts(3);
    // npm run start:all: the apps get exactly this environment, and JWT_SECRET is too short for every one of them.
    const child = spawn(process.execPath, [LAUNCHER], {
      env: {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_reached',
        REDIS_URL: 'redis://127.0.0.1:6379',
        JWT_SECRET: 'short',
        DEVICE_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
        HOST: '127.0.0.1',
        INGEST_PORT: String(ingest),
        CONSOLE_PORT: String(consolePort),
        DISPATCHER_PORT: String(dispatcher),
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exit = await new Promise<number | null | 'still running'>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running');
      }, GIVES_UP_WITHIN_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });

    expect({ exit, output }).toEqual({ exit: CONFIG_ERROR_EXIT_CODE, output: expect.stringContaining('configuration is invalid; stopping everything') });
    expect(output).toContain('JWT_SECRET: JWT_SECRET needs at least 32 characters');
    expect(output).not.toContain('restarting in');
  });
});
