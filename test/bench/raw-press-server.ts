import { SecretBox, verifyHandsetSignature } from '@app/auth';
import { HandsetHeader } from '@app/contracts';
import { createServer } from 'node:http';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { GroupCommit, type ItemOutcome, PreparingClient, sessionOptions } from '@app/database';
import { LISTEN_BACKLOG } from '@app/http';
import { type PressEntry, PressStore, type StoredPress } from '../../apps/ingest/src/intake/press-store';

/**
 * Baseline: the raw parts of the press path and nothing else, run as its own process like
 * ingest. Bare node:http, the HMAC check (device secrets read and opened once at start), the
 * same one-statement write as ingest (ingest's own `PressStore`, on a bare `pg` pool), one Redis
 * publish per press, then 202. `RAW_MODE=group` writes the presses in flight together through
 * ingest's `GroupCommit`, one statement per batch. No framework, no validation, no logging, no
 * fan-out: what is left is what the hardware and the drivers cost.
 */
const mode = process.env.RAW_MODE === 'group' ? 'group' : 'per-press';
// The same driver and session settings as ingest's pool: statements prepared once per connection, generic plans.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, Client: PreparingClient, options: sessionOptions({ genericPlans: true }) });
pool.on('error', () => undefined);
const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const channel = process.env.RAW_CHANNEL ?? 'raw-press-baseline';
/** PressStore only calls `query(sql, params)` and reads the rows. */
const store = new PressStore({ query: async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows } as unknown as DataSource);
const batches = new GroupCommit<PressEntry, StoredPress>(
  async (entries) => (await store.storeRound(entries)).map((value): ItemOutcome<StoredPress> => ({ ok: true, value })),
  { maxItems: 500, maxInFlight: 3 },
);

async function devices(): Promise<Map<string, { residentId: string; secret: string }>> {
  const box = new SecretBox(process.env.DEVICE_SECRET_KEY ?? '');
  const { rows } = await pool.query<{ serial: string; resident_id: string; secret_ciphertext: string }>(
    `SELECT serial, resident_id, secret_ciphertext FROM devices WHERE protocol = 'http' AND enabled`,
  );
  return new Map(rows.map((r) => [r.serial, { residentId: r.resident_id, secret: box.open(r.secret_ciphertext) }]));
}

async function main(): Promise<void> {
  const known = await devices();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const serial = String(req.headers[HandsetHeader.DeviceId]);
      const timestamp = String(req.headers[HandsetHeader.Timestamp]);
      const device = known.get(serial);
      if (!device || !verifyHandsetSignature(device.secret, timestamp, body, String(req.headers[HandsetHeader.Signature] ?? ''))) {
        res.writeHead(401).end();
        return;
      }
      const press = JSON.parse(body.toString()) as PressEntry['press'];
      const entry = { device: { serial, residentId: device.residentId, clockSkewMs: 0 }, press };
      const stored = mode === 'group' ? batches.add(entry) : store.storeRound([entry]).then((r) => r[0]!);
      stored
        .then(async (s) => {
          await redis.publish(channel, s.incidentId);
          res.writeHead(s.duplicate ? 200 : 202, { 'content-type': 'application/json' });
          res.end(JSON.stringify(s));
        })
        .catch(() => res.writeHead(503).end());
    });
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
  });
}

void main();
