import type { AppConfig } from '@app/config';
import { ConsoleEvent, type DispatchOffered, type IncidentDetail, type IncidentView, ResponderEvent } from '@app/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { createDispatcherApp } from '../../apps/dispatcher/src/app';
import { createIngestApp } from '../../apps/ingest/src/app';
import { ConsoleClient, connectSocket, type RunningConsole, startConsole } from './console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from './environment';
import { createResidentWithDevice, type ResidentOverrides, type ResidentWithDevice } from './fixtures';
import { sendSigned } from './handset';

/**
 * The dispatch suites' world: console and ingest in this process, the dispatcher in this
 * process too unless a suite runs it as a child process, an admin and an operator, and
 * residents whose care-team members have responder accounts and listen on `/responders`.
 */

/** A socket that keeps every event it received, so a test can wait for one or count them. */
export class RecordingSocket {
  readonly events: { name: string; payload: unknown; at: number }[] = [];

  constructor(readonly socket: Socket) {
    socket.onAny((name: string, payload: unknown) => this.events.push({ name, payload, at: Date.now() }));
  }

  all<T>(name: string, match: (payload: T) => boolean = () => true): T[] {
    return this.events.filter((e) => e.name === name && match(e.payload as T)).map((e) => e.payload as T);
  }

  /** The first `name` event (already received or still to come) matching `match`. */
  next<T>(name: string, match: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    return eventually(() => this.all<T>(name, match)[0], timeoutMs, `no "${name}" event`);
  }

  close(): void {
    this.socket.close();
  }
}

export interface Responder {
  id: string;
  token: string;
  socket: RecordingSocket;
}

export interface DispatchResident extends ResidentWithDevice {
  carer: Responder;
  cadre: Responder;
  doctor: Responder;
}

export interface DispatchWorld {
  env: SuiteEnvironment;
  config: AppConfig;
  db: Client;
  console: RunningConsole;
  client: ConsoleClient;
  ingestUrl: string;
  adminToken: string;
  operatorToken: string;
  operatorSocket: RecordingSocket;
  dispatcher?: NestFastifyApplication;
  resident(overrides?: ResidentOverrides): Promise<DispatchResident>;
  /** A responder outside any care team (a volunteer by default), with an account and a socket. */
  responder(role?: string): Promise<Responder>;
  press(resident: ResidentWithDevice, type?: 'sos' | 'fall' | 'low_battery'): Promise<string>;
  incident(id: string): Promise<IncidentDetail>;
  close(): Promise<void>;
}

/** Polls `probe` until it gives something other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startDispatchWorld(suite: string, overrides: Record<string, string>, options: { dispatcher?: boolean } = {}): Promise<DispatchWorld> {
  const env = await createSuiteEnvironment(suite, overrides);
  const config = env.config;
  const db = new Client({ connectionString: env.databaseUrl });
  const opened: { close(): unknown }[] = [];
  const runningConsole = await startConsole(config);
  const ingest = await createIngestApp(config);
  await ingest.listen(0, '127.0.0.1');
  const ingestUrl = (await ingest.getUrl()).replace('[::1]', '127.0.0.1');
  let dispatcher: NestFastifyApplication | undefined;
  if (options.dispatcher !== false) {
    dispatcher = await createDispatcherApp(config);
    await dispatcher.listen(0, '127.0.0.1');
  }
  await db.connect();
  const client = new ConsoleClient(runningConsole.url);
  const adminToken = await client.login('admin', 'admin-password-1');
  const operatorToken = await client.userToken(adminToken, { username: `operator-${randomBytes(3).toString('hex')}`, role: 'operator' });
  const record = async (namespace: string, token: string) => {
    const socket = new RecordingSocket(await connectSocket(runningConsole.url, namespace, token));
    opened.push(socket);
    return socket;
  };
  const operatorSocket = await record('/console', operatorToken);

  const accountFor = async (responderId: string): Promise<Responder> => {
    const token = await client.userToken(adminToken, { username: `responder-${randomBytes(4).toString('hex')}`, role: 'responder', responderId });
    return { id: responderId, token, socket: await record('/responders', token) };
  };

  return {
    env,
    config,
    db,
    console: runningConsole,
    client,
    ingestUrl,
    adminToken,
    operatorToken,
    operatorSocket,
    ...(dispatcher ? { dispatcher } : {}),
    async resident(residentOverrides = {}) {
      const resident = await createResidentWithDevice(env.databaseUrl, config, residentOverrides);
      const team = resident.careTeam;
      return {
        ...resident,
        carer: await accountFor(team.carer!.id),
        cadre: await accountFor(team.cadre!.id),
        doctor: await accountFor(team.doctor!.id),
      };
    },
    async responder(role = 'volunteer') {
      const res = await client.post(
        '/v1/responders',
        { fullName: `Volunteer ${randomBytes(2).toString('hex')}`, role, phone: '+86 138 0000 0009' },
        adminToken,
      );
      if (res.status !== 201) throw new Error(`creating a responder answered ${res.status}`);
      return accountFor((res.body as { id: string }).id);
    },
    async press(resident, type = 'sos') {
      const res = await sendSigned<{ incidentId: string }>({
        baseUrl: ingestUrl,
        serial: resident.serial,
        secret: resident.secret,
        path: '/v1/alarms',
        body: { eventId: randomUUID(), type },
      });
      if (res.status !== 202) throw new Error(`press answered ${res.status}`);
      return res.body.incidentId;
    },
    async incident(id) {
      const res = await client.get(`/v1/incidents/${id}`, operatorToken);
      if (res.status !== 200) throw new Error(`incident ${id} answered ${res.status}`);
      return res.body as IncidentDetail;
    },
    async close() {
      for (const socket of opened) socket.close();
      await dispatcher?.close();
      await ingest.close();
      await runningConsole.app.close();
      await db.end();
      await env.destroy();
    },
  };
}

/** The offer a responder received for an incident. */
export function offerFor(responder: Responder, incidentId: string, timeoutMs = 5000): Promise<DispatchOffered> {
  return responder.socket.next<DispatchOffered>(ResponderEvent.DispatchOffered, (o) => o.incidentId === incidentId, timeoutMs);
}

/** The first `incident.updated` for this incident that matches. */
export function updateOf(world: DispatchWorld, incidentId: string, match: (view: IncidentView) => boolean, timeoutMs = 5000): Promise<IncidentView> {
  return world.operatorSocket.next<IncidentView>(ConsoleEvent.IncidentUpdated, (v) => v.id === incidentId && match(v), timeoutMs);
}
