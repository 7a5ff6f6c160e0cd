import type { AppConfig } from '@app/config';
import { ConsoleEvent, type IncidentSnapshot, type IncidentType } from '@app/contracts';
import { incidentGroupOf } from '@app/domain';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { createConsoleApp } from '../../apps/console/src/app';

/** A console process of a suite, listening on a free port. */
export interface RunningConsole {
  app: NestFastifyApplication;
  url: string;
}

export async function startConsole(config: AppConfig): Promise<RunningConsole> {
  const app = await createConsoleApp(config);
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** REST calls against one console, with or without a bearer token. */
export class ConsoleClient {
  constructor(readonly url: string) {}

  async login(username: string, password: string): Promise<string> {
    const res = await request(this.url).post('/v1/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return (res.body as { accessToken: string }).accessToken;
  }

  get(path: string, token?: string): request.Test {
    return withToken(request(this.url).get(path), token);
  }

  post(path: string, body?: object, token?: string): request.Test {
    const req = withToken(request(this.url).post(path), token);
    return body === undefined ? req : req.send(body);
  }

  put(path: string, body: object, token?: string): request.Test {
    return withToken(request(this.url).put(path), token).send(body);
  }

  patch(path: string, body: object, token?: string): request.Test {
    return withToken(request(this.url).patch(path), token).send(body);
  }

  /** Creates a user through the admin API and logs in as it. */
  async userToken(adminToken: string, user: { username: string; role: string; responderId?: string; districts?: string[] }): Promise<string> {
    const password = `pw-${user.username}-0123456789`;
    const res = await this.post('/v1/users', { ...user, password }, adminToken);
    if (res.status !== 201) throw new Error(`creating ${user.username} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return this.login(user.username, password);
  }
}

function withToken(req: request.Test, token: string | undefined): request.Test {
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
}

/**
 * Connects to a namespace; resolves on `connect`, rejects with the `connect_error`. Never
 * reconnects on its own, so a test sees exactly what the server did.
 */
export function connectSocket(url: string, namespace: string, token?: string, beforeConnect?: (socket: Socket) => void): Promise<Socket> {
  const socket = io(`${url}${namespace}`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    autoConnect: false,
  });
  beforeConnect?.(socket);
  socket.connect();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

export function connectConsole(url: string, token?: string): Promise<Socket> {
  return connectSocket(url, '/console', token);
}

/** Connects to `/console` listening for the snapshot from the start, so it cannot slip by. */
export async function connectConsoleWithSnapshot(url: string, token: string): Promise<{ socket: Socket; snapshot: Promise<IncidentSnapshot> }> {
  let snapshot!: Promise<IncidentSnapshot>;
  const socket = await connectSocket(url, '/console', token, (s) => {
    snapshot = nextEvent<IncidentSnapshot>(s, ConsoleEvent.IncidentSnapshot);
  });
  return { socket, snapshot };
}

/** The next `name` event (matching `predicate`) on the socket, or a rejection after `timeoutMs`. */
export function nextEvent<T>(socket: Socket, name: string, predicate: (payload: T) => boolean = () => true, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(name, listener);
      reject(new Error(`no "${name}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(name, listener);
      resolve(payload);
    };
    socket.on(name, listener);
  });
}

/** Resolves with the reason when the server closes the socket; rejects when it stays open `timeoutMs`. */
export function closedByServer(socket: Socket, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket was not closed within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Listens for `name` and fails if it arrives within `windowMs`. */
export async function noEvent(socket: Socket, name: string, windowMs = 500): Promise<void> {
  let seen = false;
  const listener = () => (seen = true);
  socket.on(name, listener);
  await new Promise((r) => setTimeout(r, windowMs));
  socket.off(name, listener);
  if (seen) throw new Error(`unexpected "${name}" event`);
}

/**
 * Rows written the way the ingest process writes them (a resident with a handset, an incident
 * with its first press), straight into the suite's database: the console tests do not depend on ingest.
 */
export async function insertResidentWithDevice(db: Client, fullName: string): Promise<{ residentId: string; serial: string }> {
  const serial = `dev-${randomUUID().slice(0, 8)}`;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO residents (full_name, date_of_birth, address, medical_history)
     VALUES ($1, '1941-06-15', '12 Test Street', '["hypertension"]') RETURNING id`,
    [fullName],
  );
  const residentId = rows[0]!.id;
  await db.query(`INSERT INTO devices (serial, resident_id, secret_ciphertext) VALUES ($1, $2, 'not-used-here')`, [serial, residentId]);
  return { residentId, serial };
}

export async function insertIncident(db: Client, at: { residentId: string; serial: string; type?: IncidentType; openedAt?: Date }): Promise<string> {
  const type = at.type ?? 'sos';
  const group = incidentGroupOf(type);
  const openedAt = at.openedAt ?? new Date();
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO incidents (id, resident_id, device_serial, type, type_group, opened_at, last_press_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $5) RETURNING id`,
    [at.residentId, at.serial, type, group, openedAt],
  );
  const incidentId = rows[0]!.id;
  await db.query(`INSERT INTO incident_events (incident_id, kind, data) VALUES ($1, 'press', $2)`, [incidentId, JSON.stringify({ type, serial: at.serial })]);
  return incidentId;
}
