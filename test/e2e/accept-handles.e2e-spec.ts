import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { envOf, freePort, spawnApp, type SpawnedApp } from '../support/processes';

/** The descriptors of process `pid` on the listening TCP socket of `port` (ss lists each one with its owner). */
async function listeningDescriptors(port: number, pid: number): Promise<number> {
  const { stdout } = await promisify(execFile)('ss', ['-ltnpH', `sport = :${port}`]);
  return stdout.split(`pid=${pid},`).length - 1;
}

/**
 * A real ingest process accepts through LISTEN_HANDLES descriptors of each public socket (the
 * HTTP port and the device listeners), and still shuts down cleanly (docs/capacity.md,
 * "Accepting a storm").
 */
describe('accept handles of a real process', () => {
  let env: SuiteEnvironment;
  const apps: SpawnedApp[] = [];

  beforeAll(async () => {
    env = await createSuiteEnvironment('accepthandles');
  });

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGKILL');
    await env?.destroy();
  });

  it.each([
    ['the default', {}, 16],
    ['LISTEN_HANDLES=1', { LISTEN_HANDLES: '1' }, 1],
  ])('with %s, holds that many descriptors of its HTTP and watch sockets, and exits cleanly on SIGTERM', async (_case, overrides, handles) => {
    const watchPort = await freePort();
    const ingest = await spawnApp('ingest', { ...envOf(env.config), WATCH_PORT: String(watchPort), ...overrides });
    apps.push(ingest);

    expect(await listeningDescriptors(Number(new URL(ingest.url).port), ingest.pid)).toBe(handles);
    expect(await listeningDescriptors(watchPort, ingest.pid)).toBe(handles);
    expect((await fetch(`${ingest.url}/health/live`)).status).toBe(200);

    // Shut down in time: a process the extra handles kept alive would be SIGKILLed (Nest may
    // re-raise the signal once it has closed).
    const exit = await ingest.kill('SIGTERM', 10_000);
    expect(exit).toEqual(exit.signal ? { code: null, signal: 'SIGTERM' } : { code: 0, signal: null });
  });
});
