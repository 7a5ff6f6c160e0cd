import { newDeviceSecret, SecretBox } from '@app/auth';
import type { AppConfig } from '@app/config';
import type { TcpDeviceProtocolName } from '@app/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Test data written with raw SQL, the way provisioning leaves it: a resident with a full
 * profile, a care team of three, and a handset whose secret is sealed with the suite's key.
 */

type Db = DataSource | string;

export interface ResidentOverrides {
  fullName?: string;
  /** Defaults to a fresh unique serial. */
  serial?: string;
  /** Defaults to true. */
  deviceEnabled?: boolean;
  /** Defaults to true: carer, cadre and doctor. */
  withCareTeam?: boolean;
}

export interface ResponderFixture {
  id: string;
  fullName: string;
  role: 'carer' | 'cadre' | 'doctor';
  phone: string;
}

export interface ResidentWithDevice {
  residentId: string;
  fullName: string;
  serial: string;
  /** The plain device secret, as a handset holds it. */
  secret: string;
  careTeam: { carer?: ResponderFixture; cadre?: ResponderFixture; doctor?: ResponderFixture };
}

type Run = (sql: string, params: unknown[]) => Promise<unknown>;

/** Runs `work` with a query function on a DataSource, or on a short-lived connection to a Postgres URL. */
async function withDb<T>(db: Db, work: (run: Run) => Promise<T>): Promise<T> {
  if (typeof db !== 'string') return work((sql, params) => db.query(sql, params));
  const client = new Client({ connectionString: db });
  await client.connect();
  try {
    return await work((sql, params) => client.query(sql, params));
  } finally {
    await client.end();
  }
}

export async function createResidentWithDevice(db: Db, config: AppConfig, overrides: ResidentOverrides = {}): Promise<ResidentWithDevice> {
  const tag = randomBytes(3).toString('hex');
  const residentId = randomUUID();
  const fullName = overrides.fullName ?? `Wang Guilan ${tag}`;
  const serial = overrides.serial ?? `HK-${tag}-${randomBytes(3).toString('hex')}`;
  const secret = newDeviceSecret();
  const team: ResponderFixture[] =
    overrides.withCareTeam === false
      ? []
      : [
          { id: randomUUID(), fullName: `Li Mei ${tag}`, role: 'carer', phone: '+86 138 0000 0001' },
          { id: randomUUID(), fullName: `Zhao Qiang ${tag}`, role: 'cadre', phone: '+86 138 0000 0002' },
          { id: randomUUID(), fullName: `Dr. Chen Hua ${tag}`, role: 'doctor', phone: '+86 138 0000 0003' },
        ];

  await withDb(db, async (run) => {
    await run(
      `INSERT INTO residents (id, full_name, date_of_birth, gender, phone, address, district, living_situation,
                              medical_history, medications, allergies, emergency_contacts, access_notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        residentId,
        fullName,
        '1941-05-17',
        'female',
        '+86 539 812 3456',
        'Building 3, Unit 2, Room 501, Lanshan Road 18',
        'Lanshan',
        'alone',
        JSON.stringify(['hypertension', 'type 2 diabetes', 'hip replacement (2019)']),
        JSON.stringify(['amlodipine 5 mg daily', 'metformin 500 mg twice daily']),
        JSON.stringify(['penicillin']),
        JSON.stringify([{ name: 'Wang Jun', relation: 'son', phone: '+86 139 1234 5678' }]),
        'Key safe by the door, code 4711. Small dog, friendly.',
      ],
    );
    for (const responder of team) {
      await run('INSERT INTO responders (id, full_name, role, phone) VALUES ($1, $2, $3, $4)', [
        responder.id,
        responder.fullName,
        responder.role,
        responder.phone,
      ]);
      await run('INSERT INTO care_team (resident_id, role, responder_id) VALUES ($1, $2, $3)', [residentId, responder.role, responder.id]);
    }
    await run('INSERT INTO devices (serial, resident_id, secret_ciphertext, enabled) VALUES ($1, $2, $3, $4)', [
      serial,
      residentId,
      new SecretBox(config.DEVICE_SECRET_KEY).seal(secret),
      overrides.deviceEnabled ?? true,
    ]);
  });

  return { residentId, fullName, serial, secret, careTeam: Object.fromEntries(team.map((r) => [r.role, r])) };
}

/** A provisioned handset, as a simulated device holds it. */
export interface ProvisionedDevice {
  serial: string;
  /** The plain device secret. */
  secret: string;
  residentId: string;
  fullName: string;
}

/** A provisioned watch or GT06: known by the id it sends, with no secret. */
export interface ProvisionedTcpDevice {
  serial: string;
  protocol: TcpDeviceProtocolName;
  residentId: string;
  fullName: string;
}

type ResidentOfDevice = Pick<ProvisionedDevice, 'serial' | 'residentId' | 'fullName'>;

/**
 * `count` residents, each with a handset and a care team of three (carer, cadre, doctor of
 * their own), in four bulk statements and one transaction: fast enough for hundreds at once
 * (the benchmark, the fault suite). Serials are `<serialPrefix>-00000`, `-00001`, ...
 */
export async function provisionResidents(databaseUrl: string, deviceSecretKey: string, count: number, serialPrefix = 'HK'): Promise<ProvisionedDevice[]> {
  const box = new SecretBox(deviceSecretKey);
  const devices: ProvisionedDevice[] = Array.from({ length: count }, (_, i) => {
    const serial = `${serialPrefix}-${String(i).padStart(5, '0')}`;
    return { serial, secret: newDeviceSecret(), residentId: randomUUID(), fullName: `Resident ${serial}` };
  });
  await insertResidentsWithDevices(databaseUrl, devices, (run) =>
    run(`INSERT INTO devices (serial, resident_id, secret_ciphertext) SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[])`, [
      devices.map((d) => d.serial),
      devices.map((d) => d.residentId),
      devices.map((d) => box.seal(d.secret)),
    ]),
  );
  return devices;
}

/** The length of the ids these fixtures give: a watch's 10-digit id, a GT06's 15-digit IMEI. */
const TCP_SERIAL_DIGITS: Record<TcpDeviceProtocolName, number> = { watch: 10, gt06: 15 };

export interface TcpProvisionOptions {
  /**
   * The numbers the SOS key dials, stored as already written to the device. Left out, the
   * device has none and the gateway writes the hotline to it on its first connection (an extra
   * server frame).
   */
  sosNumbers?: string[];
}

/**
 * Like provisionResidents, for devices of a TCP protocol: serials are the digits of
 * `serialPrefix` followed by the index, zero-padded to the protocol's id length.
 */
export async function provisionTcpResidents(
  databaseUrl: string,
  protocol: TcpDeviceProtocolName,
  count: number,
  serialPrefix: string,
  options: TcpProvisionOptions = {},
): Promise<ProvisionedTcpDevice[]> {
  const digits = TCP_SERIAL_DIGITS[protocol] - serialPrefix.length;
  if (!/^\d+$/.test(serialPrefix) || String(count - 1).length > digits)
    throw new RangeError(`${count} ${protocol} serials do not fit after the prefix ${JSON.stringify(serialPrefix)}`);
  const devices: ProvisionedTcpDevice[] = Array.from({ length: count }, (_, i) => {
    const serial = `${serialPrefix}${String(i).padStart(digits, '0')}`;
    return { serial, protocol, residentId: randomUUID(), fullName: `Resident ${serial}` };
  });
  await insertResidentsWithDevices(databaseUrl, devices, (run) =>
    run(
      `INSERT INTO devices (serial, resident_id, protocol, sos_numbers)
       SELECT serial, resident_id, $3, $4::text[] FROM unnest($1::text[], $2::uuid[]) AS d(serial, resident_id)`,
      [devices.map((d) => d.serial), devices.map((d) => d.residentId), protocol, options.sosNumbers ?? null],
    ),
  );
  return devices;
}

/** The residents and their care teams in bulk, then their devices (`insertDevices`), in one transaction. */
async function insertResidentsWithDevices(databaseUrl: string, devices: ResidentOfDevice[], insertDevices: (run: Run) => Promise<unknown>): Promise<void> {
  const roles = ['carer', 'cadre', 'doctor'] as const;
  const team = devices.flatMap((d) => roles.map((role) => ({ residentId: d.residentId, role, id: randomUUID(), fullName: `${role} of ${d.serial}` })));
  await withDb(databaseUrl, async (run) => {
    await run('BEGIN', []);
    await run(
      `INSERT INTO residents (id, full_name, date_of_birth, address, medical_history, medications, allergies, emergency_contacts, access_notes)
       SELECT id, name, '1940-01-01', 'Lanshan Road 18', '["hypertension"]', '["amlodipine"]', '["penicillin"]',
              '[{"name":"Kin","relation":"son","phone":"+86 139 0000 0005"}]', 'Key safe by the door'
       FROM unnest($1::uuid[], $2::text[]) AS r(id, name)`,
      [devices.map((d) => d.residentId), devices.map((d) => d.fullName)],
    );
    await run(
      `INSERT INTO responders (id, full_name, role, phone) SELECT id, name, role, '+86 138 0000 0001' FROM unnest($1::uuid[], $2::text[], $3::text[]) AS r(id, name, role)`,
      [team.map((t) => t.id), team.map((t) => t.fullName), team.map((t) => t.role)],
    );
    await run(`INSERT INTO care_team (resident_id, role, responder_id) SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[])`, [
      team.map((t) => t.residentId),
      team.map((t) => t.role),
      team.map((t) => t.id),
    ]);
    await insertDevices(run);
    await run('COMMIT', []);
  });
}
