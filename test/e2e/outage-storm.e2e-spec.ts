import { ConsoleEvent, type IncidentView } from '@app/contracts';
import { buildWatchHeartbeat } from '@app/protocols';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect as netConnect, type Socket as NetSocket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { createDispatcherApp } from '../../apps/dispatcher/src/app';
import { createIngestApp } from '../../apps/ingest/src/app';
import { ConsoleClient, connectConsole, type RunningConsole, startConsole } from '../support/console-client';
import { eventually } from '../support/dispatch-world';
import { createSuiteEnvironment, deadlocksOnceAllDisconnected, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice, provisionResidents, provisionTcpResidents, type ResidentWithDevice } from '../support/fixtures';
import { sendSigned } from '../support/handset';
import { freePort } from '../support/processes';

/**
 * The storm after an outage (issue 11): 5,000 devices of one district silent (one area_outage),
 * then all of them reconnect and heartbeat within about 10 s, over HTTP and the watch protocol,
 * while SOS presses keep arriving from elsewhere. Every SOS must reach the console (p99 reported:
 * figures, not a timed assertion), nothing is lost (ledger: every press stored once, every
 * heartbeat answered), and the outage ends by itself once every device is back.
 */
const HTTP_DEVICES = 4000;
const WATCH_DEVICES = 1000;
const STORM_MS = 9000;
const SOS_EVERY_MS = 300;
const DISTRICT = '东港区';

describe('outage storm: 5,000 devices come back at once while SOS presses keep arriving', () => {
  let env: SuiteEnvironment;
  let ingest: NestFastifyApplication;
  let ingestUrl: string;
  let dispatcher: NestFastifyApplication;
  let consoleApp: RunningConsole;
  let socket: Socket;
  let db: Client;
  let watchPort: number;

  beforeAll(async () => {
    watchPort = await freePort();
    env = await createSuiteEnvironment('outage-storm', {
      // Longer than the storm takes on a loaded machine: a device that beat early in the storm must
      // not fall silent again (and rejoin the outage) before the last one is back.
      HEARTBEAT_TIMEOUT_S: '180',
      HEARTBEAT_MIN_INTERVAL_S: '0.01',
      // A round every 2 s (production: every HEARTBEAT_TIMEOUT_S / 6, at most a minute): each round that marks devices back pushes the outage's whole view once.
      SUPERVISION_INTERVAL_MS: '2000',
      OUTAGE_MIN_DEVICES: '10',
    });
    dispatcher = await createDispatcherApp(env.configWith({ WATCH_PORT: '0', GT06_PORT: '0' }));
    await dispatcher.listen(0, '127.0.0.1');
    ingest = await createIngestApp(env.configWith({ WATCH_PORT: String(watchPort), GT06_PORT: '0' }));
    await ingest.listen(0, '127.0.0.1');
    ingestUrl = (await ingest.getUrl()).replace('[::1]', '127.0.0.1');
    consoleApp = await startConsole(env.configWith({ WATCH_PORT: '0', GT06_PORT: '0' }));
    const api = new ConsoleClient(consoleApp.url);
    socket = await connectConsole(consoleApp.url, await api.login('admin', 'admin-password-1'));
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  let stopped: Promise<void> | undefined;
  const stopApps = () =>
    (stopped ??= (async () => {
      socket?.close();
      await consoleApp?.app.close();
      await ingest?.close();
      await dispatcher?.close();
    })());

  afterAll(async () => {
    await stopApps();
    await db?.end();
    await env?.destroy();
  });

  it('keeps every SOS on time and loses nothing, and the outage resolves once all are back', async () => {
    const http = await provisionResidents(env.databaseUrl, env.config.DEVICE_SECRET_KEY, HTTP_DEVICES, 'STORM');
    const watches = await provisionTcpResidents(env.databaseUrl, 'watch', WATCH_DEVICES, '55');
    const serials = [...http.map((d) => d.serial), ...watches.map((d) => d.serial)];
    // All of the district heard a minute ago and silent since: the power went out.
    await db.query(`UPDATE residents SET district = $2 WHERE id = ANY($1::uuid[])`, [[...http, ...watches].map((d) => d.residentId), DISTRICT]);
    await db.query(`UPDATE devices SET last_heard_at = now() - interval '600 seconds' WHERE serial = ANY($1)`, [serials]);
    const outage = await eventually(
      async () => {
        const rows = await db.query<{ id: string; n: number }>(
          `SELECT o.id, count(od.*)::int AS n FROM incidents o JOIN outage_devices od ON od.incident_id = o.id WHERE o.type = 'area_outage' GROUP BY o.id`,
        );
        return rows.rows[0]?.n === serials.length && rows.rows[0];
      },
      60_000,
      'one area_outage holding every silent device',
    );
    expect((await db.query(`SELECT count(*)::int AS n FROM incidents WHERE type = 'device_offline'`)).rows[0].n).toBe(0);

    // Residents elsewhere who will press SOS during the storm.
    const pressers: ResidentWithDevice[] = [];
    for (let i = 0; i < Math.ceil(STORM_MS / SOS_EVERY_MS); i++) pressers.push(await createResidentWithDevice(env.databaseUrl, env.config));
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    socket.on(ConsoleEvent.IncidentCreated, (view: IncidentView) => {
      const at = sentAt.get(view.resident.id);
      if (at !== undefined && view.type === 'sos') latencies.push(performance.now() - at);
    });

    // The storm: every HTTP handset heartbeats once, paced over STORM_MS; every watch connects and sends LK.
    const started = performance.now();
    let heartbeatsAnswered = 0;
    const heartbeatFailures: number[] = [];
    // As a handset does: a 503 (Postgres or the pool overloaded) is sent again after Retry-After; only an answer that never comes is a loss.
    let heartbeatRetries = 0;
    const heartbeatAsAHandset = async (device: (typeof http)[number]): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        const res = await sendSigned({ baseUrl: ingestUrl, serial: device.serial, secret: device.secret, path: '/v1/heartbeats', body: { batteryPct: 80 } });
        if (res.status !== 503 || attempt === 5) return res.status;
        heartbeatRetries++;
        await new Promise((r) => setTimeout(r, 1000));
      }
    };
    const httpStorm = (async () => {
      const inFlight = new Set<Promise<void>>();
      for (const [i, device] of http.entries()) {
        const due = started + (i * STORM_MS) / http.length;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const beat = heartbeatAsAHandset(device).then(
          (status) => void (status === 204 ? heartbeatsAnswered++ : heartbeatFailures.push(status)),
          () => void heartbeatFailures.push(0),
        );
        inFlight.add(beat);
        void beat.finally(() => inFlight.delete(beat));
        if (inFlight.size >= 64) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    })();
    let lkAnswers = 0;
    const watchSockets: NetSocket[] = [];
    const watchStorm = (async () => {
      for (const [i, watch] of watches.entries()) {
        const due = started + (i * STORM_MS) / watches.length;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const s = netConnect({ port: watchPort, host: '127.0.0.1' }, () =>
          s.write(buildWatchHeartbeat({ maker: '3G', deviceId: watch.serial }, { steps: 0, rolls: 0, batteryPct: 80 })),
        );
        s.on('data', (chunk: Buffer) => (lkAnswers += [...chunk].filter((b) => b === 0x5d).length));
        s.on('error', () => undefined);
        watchSockets.push(s);
      }
    })();
    const presses: { resident: ResidentWithDevice; status: number; attempts: number }[] = [];
    const sosStorm = (async () => {
      for (const resident of pressers) {
        sentAt.set(resident.residentId, performance.now());
        // As a handset does: no answer within 15 s, the same eventId again (at most three sends).
        let status = 0;
        let attempts = 0;
        while (status !== 202 && status !== 200 && attempts < 3) {
          attempts++;
          status = await sendSigned({
            baseUrl: ingestUrl,
            serial: resident.serial,
            secret: resident.secret,
            path: '/v1/alarms',
            body: { eventId: `storm-${resident.serial}`, type: 'sos' },
          }).then(
            (res) => res.status,
            () => 0,
          );
        }
        presses.push({ resident, status, attempts });
        await new Promise((r) => setTimeout(r, SOS_EVERY_MS));
      }
    })();
    await Promise.all([httpStorm, watchStorm, sosStorm]);
    const stormS = (performance.now() - started) / 1000;
    console.log(
      `storm sent in ${stormS.toFixed(1)} s: ${heartbeatsAnswered} heartbeats answered (${heartbeatRetries} sent again after a 503), ${presses.length} SOS answered, ${latencies.length} on the console`,
    );

    try {
      // Ledger: every SOS accepted, stored once, and seen by the console; every heartbeat answered.
      expect(presses.map((p) => p.status).filter((status) => status !== 202 && status !== 200)).toEqual([]);
      await eventually(() => latencies.length === pressers.length, 30_000, 'every SOS on the console');
      const stored = await db.query<{ alarms: number; incidents: number }>(
        `SELECT (SELECT count(*)::int FROM alarms WHERE device_serial = ANY($1) AND type = 'sos') AS alarms,
                (SELECT count(*)::int FROM incidents WHERE resident_id = ANY($2::uuid[]) AND type = 'sos') AS incidents`,
        [pressers.map((p) => p.serial), pressers.map((p) => p.residentId)],
      );
      expect(stored.rows[0]).toEqual({ alarms: pressers.length, incidents: pressers.length });
      expect(heartbeatFailures).toEqual([]);
      expect(heartbeatsAnswered).toBe(http.length);
      await eventually(() => lkAnswers >= watches.length, 30_000, 'every watch heartbeat answered');

      // Every device is back: recovered, and the outage resolved by itself.
      const resolved = await eventually(
        async () => (await db.query<{ status: string }>(`SELECT status FROM incidents WHERE id = $1`, [outage.id])).rows[0]?.status === 'resolved',
        60_000,
        'the outage resolved',
      );
      expect(resolved).toBe(true);
      const left = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outage_devices WHERE incident_id = $1 AND recovered_at IS NULL`, [outage.id]);
      expect(left.rows[0]!.n).toBe(0);
      console.log(`outage resolved ${((performance.now() - started) / 1000).toFixed(1)} s after the storm began`);
    } finally {
      watchSockets.forEach((s) => s.destroy());
    }

    const resent = presses.filter((p) => p.attempts > 1).length;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0);
    // Figures for the record, not a timed assertion (the machine is shared).
    console.log(
      `outage storm: ${http.length} HTTP heartbeats + ${watches.length} watch reconnects with LK in ${stormS.toFixed(1)} s, ` +
        `${pressers.length} SOS during it: press -> console incident.created p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms; ${resent} SOS had to be sent again (no answer within 15 s)`,
    );
    // An SOS whose first send went unanswered for 15 s is the failure this storm is about.
    expect(resent).toBe(0);
    // Supervision rounds overlapped during the storm and deadlocked on outage_devices (one marking
    // devices back while another joined them): nothing the storm made Postgres do may deadlock.
    await stopApps();
    expect(await deadlocksOnceAllDisconnected(db)).toBe(0);
  }, 240_000);
});
