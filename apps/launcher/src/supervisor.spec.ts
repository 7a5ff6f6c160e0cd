import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SupervisedApp } from './supervisor';

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

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'heartkey-supervisor-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes output lines on, reports an unexpected exit loudly and restarts the app', async () => {
    const lines: string[] = [];
    const said: { message: string; loud?: boolean }[] = [];
    const app = new SupervisedApp(
      { name: 'crashy', script: script('crashy.js', 'console.log("up"); console.error("bad"); process.exit(3);'), env: process.env },
      { onLine: (name, line) => lines.push(`${name}:${line}`), say: (message, loud) => said.push({ message, loud }) },
    );
    app.start();
    await waitFor(() => app.restarts >= 1 && lines.filter((l) => l === 'crashy:up').length >= 2);
    await app.stop();
    expect(lines).toEqual(expect.arrayContaining(['crashy:up', 'crashy:bad']));
    expect(said[0]).toEqual({ message: 'crashy DIED unexpectedly (exit code 3); restarting in 1 s', loud: true });
  });

  it('stops with SIGTERM, and kills an app that ignores it after the grace period', async () => {
    const said: string[] = [];
    const stubborn = script('stubborn.js', 'process.on("SIGTERM", () => console.log("ignoring")); console.log("ready"); setInterval(() => {}, 1000);');
    const lines: string[] = [];
    const app = new SupervisedApp(
      { name: 'stubborn', script: stubborn, env: process.env },
      { onLine: (_n, line) => lines.push(line), say: (m) => said.push(m), stopGraceMs: 300 },
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
