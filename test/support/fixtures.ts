import { newDeviceSecret, SecretBox } from '@app/auth';
import type { AppConfig } from '@app/config';
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
