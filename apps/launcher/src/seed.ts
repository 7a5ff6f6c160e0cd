import { hashPassword, SecretBox, verifyPassword } from '@app/auth';
import { loadOrCreateDemoDevices, type DemoDevice, type DemoHttpDevice, type DemoTcpDevice, type WantedDemoDevice } from '@app/demo';
import { ADVISORY_LOCK } from '@app/database';
import type { DataSource, EntityManager } from 'typeorm';
import { seedDemoCare } from './demo-care';
import { DEMO_RESIDENTS, DEMO_RESPONDERS, DEMO_TCP_DEVICES, DEMO_USERS, demoSerial, type DemoResident } from './demo-data';

export interface SeedOptions {
  /** The key the apps seal device secrets with (DEVICE_SECRET_KEY). */
  deviceSecretKey: string;
  /** Where the plain demo device secrets live for the simulator (normally .data/demo-devices.json). */
  devicesFile: string;
}

export interface SeedResult {
  residents: number;
  responders: number;
  users: number;
  /** Every demo device: the HTTP handsets and the TCP watch and pendant. */
  devices: number;
  /** Rows inserted or changed by this run; 0 when the demo data was already in place. */
  rowsWritten: number;
  devicesList: DemoDevice[];
}

/**
 * Idempotent demo data: every row has a fixed id (or serial, or username) and is upserted only
 * where it differs, so a second run writes nothing. Raw SQL against the migrated schema.
 */
export async function seedDemoData(dataSource: DataSource, options: SeedOptions): Promise<SeedResult> {
  const box = new SecretBox(options.deviceSecretKey);
  const devices = loadOrCreateDemoDevices(options.devicesFile, wantedDemoDevices());
  // argon2 is deliberately slow: hash before the transaction, and only for passwords that changed.
  const passwordHashes = await demoPasswordHashes(dataSource);

  const rowsWritten = await dataSource.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.demoSeed]);
    let written = 0;
    for (const r of DEMO_RESPONDERS) written += await upsertResponder(tx, r);
    for (const r of DEMO_RESIDENTS) written += await upsertResident(tx, r);
    for (const r of DEMO_RESIDENTS) written += await upsertCareTeam(tx, r);
    for (const u of DEMO_USERS) {
      const responderId = u.responder === undefined ? null : DEMO_RESPONDERS[u.responder].id;
      written += await upsertUser(tx, { ...u, passwordHash: passwordHashes.get(u.username)!, responderId });
    }
    for (const d of devices) {
      const residentId = DEMO_RESIDENTS[d.resident - 1].id;
      written += d.protocol === 'http' ? await upsertHttpDevice(tx, box, d, residentId) : await upsertTcpDevice(tx, d, residentId);
    }
    written += await seedDemoCare(tx);
    return written;
  });

  return {
    residents: DEMO_RESIDENTS.length,
    responders: DEMO_RESPONDERS.length,
    users: DEMO_USERS.length,
    devices: devices.length,
    rowsWritten,
    devicesList: devices,
  };
}

/** One HTTP handset per resident, then the TCP watch and pendant of the residents who wear one. */
function wantedDemoDevices(): WantedDemoDevice[] {
  const resident = (n: number) => ({
    resident: n,
    residentName: DEMO_RESIDENTS[n - 1].fullName,
    home: DEMO_RESIDENTS[n - 1].home,
    ...(DEMO_RESIDENTS[n - 1].district ? { district: DEMO_RESIDENTS[n - 1].district } : {}),
  });
  return [
    ...DEMO_RESIDENTS.map((_, i) => ({ protocol: 'http' as const, serial: demoSerial(i + 1), ...resident(i + 1) })),
    ...DEMO_TCP_DEVICES.map((d) => ({ ...d, ...resident(d.resident) })),
  ];
}

/** Writes when the row is new or differs; `RETURNING 1` yields a row only then. */
async function written(tx: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const rows: unknown[] = await tx.query(sql, params);
  return rows.length;
}

function upsertResponder(tx: EntityManager, r: (typeof DEMO_RESPONDERS)[number]): Promise<number> {
  return written(
    tx,
    `INSERT INTO responders (id, full_name, role, phone, active) VALUES ($1, $2, $3, $4, true)
     ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name, role = EXCLUDED.role, phone = EXCLUDED.phone, active = true
     WHERE (responders.full_name, responders.role, responders.phone, responders.active)
       IS DISTINCT FROM (EXCLUDED.full_name, EXCLUDED.role, EXCLUDED.phone, true)
     RETURNING 1`,
    [r.id, r.fullName, r.role, r.phone],
  );
}

const RESIDENT_COLUMNS = [
  'full_name',
  'date_of_birth',
  'gender',
  'phone',
  'address',
  'district',
  'living_situation',
  'medical_history',
  'medications',
  'allergies',
  'emergency_contacts',
  'access_notes',
] as const;

function upsertResident(tx: EntityManager, r: DemoResident): Promise<number> {
  const set = RESIDENT_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const current = RESIDENT_COLUMNS.map((c) => `residents.${c}`).join(', ');
  const incoming = RESIDENT_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ');
  return written(
    tx,
    `INSERT INTO residents (id, ${RESIDENT_COLUMNS.join(', ')})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12::jsonb, $13)
     ON CONFLICT (id) DO UPDATE SET ${set}, updated_at = now()
     WHERE (${current}) IS DISTINCT FROM (${incoming})
     RETURNING 1`,
    [
      r.id,
      r.fullName,
      r.dateOfBirth,
      r.gender ?? null,
      r.phone ?? null,
      r.address,
      r.district ?? null,
      r.livingSituation ?? null,
      JSON.stringify(r.medicalHistory),
      JSON.stringify(r.medications),
      JSON.stringify(r.allergies),
      JSON.stringify(r.emergencyContacts),
      r.accessNotes ?? null,
    ],
  );
}

async function upsertCareTeam(tx: EntityManager, r: DemoResident): Promise<number> {
  let count = 0;
  for (const role of ['carer', 'cadre', 'doctor'] as const) {
    count += await written(
      tx,
      `INSERT INTO care_team (resident_id, role, responder_id) VALUES ($1, $2, $3)
       ON CONFLICT (resident_id, role) DO UPDATE SET responder_id = EXCLUDED.responder_id, assigned_at = now()
       WHERE care_team.responder_id <> EXCLUDED.responder_id
       RETURNING 1`,
      [r.id, role, DEMO_RESPONDERS[r.careTeam[role]].id],
    );
  }
  return count;
}

/** The stored hash when it still matches the demo password, else a fresh one. */
async function demoPasswordHashes(dataSource: DataSource): Promise<Map<string, string>> {
  const rows: { username: string; password_hash: string }[] = await dataSource.query(
    'SELECT lower(username) AS username, password_hash FROM users WHERE lower(username) = ANY($1)',
    [DEMO_USERS.map((u) => u.username.toLowerCase())],
  );
  const stored = new Map(rows.map((r) => [r.username, r.password_hash]));
  const hashes = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const existing = stored.get(u.username.toLowerCase());
    if (existing && (await verifyPassword(existing, u.password))) {
      hashes.set(u.username, existing);
    } else {
      hashes.set(u.username, await hashPassword(u.password));
    }
  }
  return hashes;
}

function upsertUser(tx: EntityManager, u: { id: string; username: string; role: string; passwordHash: string; responderId: string | null }): Promise<number> {
  return written(
    tx,
    `INSERT INTO users (id, username, password_hash, role, responder_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ((lower(username))) DO UPDATE
       SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role, responder_id = EXCLUDED.responder_id,
           token_version = users.token_version + 1
     WHERE (users.password_hash, users.role, users.responder_id)
       IS DISTINCT FROM (EXCLUDED.password_hash, EXCLUDED.role, EXCLUDED.responder_id)
     RETURNING 1`,
    [u.id, u.username, u.passwordHash, u.role, u.responderId],
  );
}

async function upsertHttpDevice(tx: EntityManager, box: SecretBox, device: DemoHttpDevice, residentId: string): Promise<number> {
  const rows: { secret_ciphertext: string }[] = await tx.query('SELECT secret_ciphertext FROM devices WHERE serial = $1', [device.serial]);
  // Sealing uses a random IV, so the ciphertext is only replaced when the secret it holds is not the file's.
  const sealed = rows[0] && opensTo(box, rows[0].secret_ciphertext, device.secret) ? rows[0].secret_ciphertext : box.seal(device.secret);
  return written(
    tx,
    `INSERT INTO devices (serial, resident_id, protocol, secret_ciphertext, enabled) VALUES ($1, $2, 'http', $3, true)
     ON CONFLICT (serial) DO UPDATE
       SET resident_id = EXCLUDED.resident_id, protocol = 'http', secret_ciphertext = EXCLUDED.secret_ciphertext, enabled = true,
           secret_rotated_at = CASE WHEN devices.secret_ciphertext = EXCLUDED.secret_ciphertext
                                    THEN devices.secret_rotated_at ELSE now() END
     WHERE (devices.resident_id, devices.protocol, devices.secret_ciphertext, devices.enabled)
       IS DISTINCT FROM (EXCLUDED.resident_id, 'http', EXCLUDED.secret_ciphertext, true)
     RETURNING 1`,
    [device.serial, residentId, sealed],
  );
}

/** A watch or a GT06 pendant: known by its id, no secret (only HTTP handsets sign). */
function upsertTcpDevice(tx: EntityManager, device: DemoTcpDevice, residentId: string): Promise<number> {
  return written(
    tx,
    `INSERT INTO devices (serial, resident_id, protocol, secret_ciphertext, enabled) VALUES ($1, $2, $3, NULL, true)
     ON CONFLICT (serial) DO UPDATE
       SET resident_id = EXCLUDED.resident_id, protocol = EXCLUDED.protocol, secret_ciphertext = NULL, enabled = true
     WHERE (devices.resident_id, devices.protocol, devices.secret_ciphertext, devices.enabled)
       IS DISTINCT FROM (EXCLUDED.resident_id, EXCLUDED.protocol, NULL::text, true)
     RETURNING 1`,
    [device.serial, residentId, device.protocol],
  );
}

function opensTo(box: SecretBox, sealed: string, secret: string): boolean {
  try {
    return box.open(sealed) === secret;
  } catch {
    return false; // sealed with another key: reseal with this one
  }
}

/** "12 handsets, 1 watch, 1 GT06 pendant": what the seed put in place, for the start-up lines. */
export function describeDemoDevices(devices: readonly DemoDevice[]): string {
  const count = (protocol: DemoDevice['protocol']) => devices.filter((d) => d.protocol === protocol).length;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    plural(count('http'), 'handset', 'handsets'),
    plural(count('watch'), 'watch', 'watches'),
    plural(count('gt06'), 'GT06 pendant', 'GT06 pendants'),
  ].join(', ');
}
