import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_ERROR_EXIT_CODE } from '@app/config';
import { afterUnexpectedExit, SupervisedApp } from './supervisor';

describe('SupervisedApp', () => {
  let dir: string;
  const script = (name: string, source: string) => {
    const path = join(dir, name);
    writeFileSync(path, source);
    return path;
  };
  const waitFor = async (condition: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(condition()).toBe(true);
  };

  const onConfigError = jest.fn();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'heartkey-supervisor-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes output lines on, reports an unexpected exit loudly and restarts the app', async () => {
    const lines: string[] = [];
    const said: { message: string; loud?: boolean }[] = [];
    const app = new SupervisedApp(
      { name: 'crashy', script: script('crashy.js', 'console.log("up"); console.error("bad"); process.exit(3);'), env: process.env },
      { onLine: (name, line) => lines.push(`${name}:${line}`), say: (message, loud) => said.push({ message, loud }), onConfigError },
    );
    app.start();
    await waitFor(() => app.restarts >= 1 && lines.filter((l) => l === 'crashy:up').length >= 2);
    await app.stop();
    expect(lines).toEqual(expect.arrayContaining(['crashy:up', 'crashy:bad']));
    expect(said[0]).toEqual({ message: 'crashy DIED unexpectedly (exit code 3); restarting in 1 s', loud: true });
    expect(onConfigError).not.toHaveBeenCalled();
  });

  it('does not restart an app that exits for an invalid configuration, and hands on the problems it printed', async () => {
    const said: string[] = [];
    const lines: string[] = [];
    const problems: { app: string; problems: string[] }[] = [];
    const misconfigured = script(
      'misconfigured.js',
      `console.log("starting"); console.error("misconfigured: Invalid configuration:"); console.error("  JWT_SECRET: too short"); process.exit(${CONFIG_ERROR_EXIT_CODE});`,
    );
    const app = new SupervisedApp(
      { name: 'misconfigured', script: misconfigured, env: process.env },
      { onLine: (_n, line) => lines.push(line), say: (m) => said.push(m), onConfigError: (name, list) => problems.push({ app: name, problems: list }) },
    );
    app.start();
    await waitFor(() => problems.length === 1);
    // Longer than the first restart delay (1 s): a restart would have happened by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await app.stop();
    expect(problems).toEqual([{ app: 'misconfigured', problems: ['misconfigured: Invalid configuration:', '  JWT_SECRET: too short'] }]);
    expect(app.restarts).toBe(0);
    expect(lines.filter((l) => l === 'starting')).toHaveLength(1);
    expect(said).toEqual([]);
  });

  it('restarts on every exit code but the configuration error', () => {
    expect(afterUnexpectedExit(CONFIG_ERROR_EXIT_CODE)).toBe('config-error');
    for (const code of [0, 1, 3, 137, null]) expect(afterUnexpectedExit(code)).toBe('restart');
  });

  it('stops with SIGTERM, and kills an app that ignores it after the grace period', async () => {
    const said: string[] = [];
    const stubborn = script('stubborn.js', 'process.on("SIGTERM", () => console.log("ignoring")); console.log("ready"); setInterval(() => {}, 1000);');
    const lines: string[] = [];
    const app = new SupervisedApp(
      { name: 'stubborn', script: stubborn, env: process.env },
      { onLine: (_n, line) => lines.push(line), say: (m) => said.push(m), onConfigError, stopGraceMs: 300 },
    );
    app.start();
    await waitFor(() => lines.includes('ready'));
    const pid = app.pid!;
    await app.stop();
    expect(said).toContain('stubborn did not stop within 0.3 s: killing it');
    expect(() => process.kill(pid, 0)).toThrow();
    expect(app.restarts).toBe(0);
  });
});
