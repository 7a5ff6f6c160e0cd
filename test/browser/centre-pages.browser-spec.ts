import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { assertWebConsoleBuilt, launchChromium, screenshotPath } from '../support/browser';
import { ConsoleClient, insertIncident, insertResidentWithDevice, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';

/**
 * The centre pages in a real Chromium against a real console: on an incident the operator sees
 * the resident's history, ticks the protocol, records "120 called" and reads the summary, sees
 * the map without tiles; the search page finds resolved incidents; rotating a handset secret
 * asks first; /favicon.ico is served.
 */
jest.setTimeout(90_000);

describe('centre pages in the browser', () => {
  let env: SuiteEnvironment;
  let consoleProcess: RunningConsole;
  let db: Client;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;
  let liveId: string;
  let pastId: string;
  let serial: string;
  const operator = { username: 'operator-centre', password: 'operator-password-0123' };
  const resident = '赵桂芝 Zhao Guizhi';

  async function logIn(path: string, user: { username: string; password: string }, lang: 'zh-CN' | 'en' = 'en'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, locale: lang });
    contexts.push(context);
    const next = await context.newPage();
    next.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await next.goto(`${consoleProcess.url}${path}`);
    if (lang === 'en') {
      await next.evaluate("localStorage.setItem('heartkey.lang', 'en')");
      await next.reload();
    }
    await next.fill('input[name=username]', user.username);
    await next.fill('input[name=password]', user.password);
    await next.click('[data-action=login]');
    await next.waitForSelector('[data-action=logout]');
    return next;
  }

  beforeAll(async () => {
    assertWebConsoleBuilt();
    env = await createSuiteEnvironment('browser-centre');
    consoleProcess = await startConsole(env.config);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const client = new ConsoleClient(consoleProcess.url);
    const admin = await client.login('admin', 'admin-password-1');
    const created = await client.post('/v1/users', { ...operator, role: 'operator' }, admin);
    if (created.status !== 201) throw new Error(`creating the operator: ${created.status}`);

    const at = await insertResidentWithDevice(db, resident);
    serial = at.serial;
    await db.query(`UPDATE residents SET district = '东港区', phone = '138 0013 8000', access_notes = 'Key with neighbour 302' WHERE id = $1`, [at.residentId]);
    pastId = await insertIncident(db, { ...at, type: 'fall', openedAt: new Date(Date.now() - 3 * 86_400_000) });
    await db.query(`UPDATE incidents SET status = 'resolved', outcome = 'assisted', resolved_at = now() - interval '3 days' WHERE id = $1`, [pastId]);
    await db.query(`INSERT INTO incident_events (incident_id, kind, data) VALUES ($1, 'resolved', $2)`, [
      pastId,
      JSON.stringify({ outcome: 'assisted', note: 'Helped up, bruised knee' }),
    ]);
    liveId = await insertIncident(db, { ...at, type: 'sos' });
    await db.query(`UPDATE incidents SET location = '{"lat": 35.4161, "lng": 119.5269}' WHERE id = $1`, [liveId]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await db?.end();
    await consoleProcess?.app.close();
    await env?.destroy();
  });

  it('serves /favicon.ico', async () => {
    const res = await fetch(`${consoleProcess.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it("shows the resident's history, the map without tiles and the emergency summary on the incident", async () => {
    page = await logIn('/', operator);
    await page.locator(`tr.queue-row[data-incident-id="${liveId}"]`).click();
    const detail = page.locator(`article.detail[data-incident-id="${liveId}"]`);
    await detail.waitFor();
    const history = detail.locator('[data-section=history]');
    await history.locator(`li[data-incident-id="${pastId}"]`).waitFor({ timeout: 5000 });
    await expect(history.innerText()).resolves.toMatch(/Fall[\s\S]*Assisted[\s\S]*Helped up, bruised knee/i);
    await expect(detail.locator('[data-testid=map-coordinates]').innerText()).resolves.toBe('35.41610, 119.52690');
    await expect(detail.locator('[data-section=map] .map-box').getAttribute('data-tiles')).resolves.toBe('no');
    const summary = await detail.locator('[data-testid=emergency-summary]').innerText();
    expect(summary).toContain(resident);
    expect(summary).toContain('Access: Key with neighbour 302');
    expect(summary).toContain('Allergies: none');
    expect(summary).toMatch(/Recent incidents: .*Fall/);
  });

  it('ticks a protocol step and records "120 called": both in the timeline as sentences', async () => {
    const detail = page.locator(`article.detail[data-incident-id="${liveId}"]`);
    const step = detail.locator('[data-protocol=sos] [data-step=call-back]');
    // The box is ticked once the server has recorded the step, not on the click itself.
    await step.locator('input[type=checkbox]').click();
    await detail.locator('[data-protocol=sos] [data-step=call-back][data-done=true]').waitFor({ timeout: 5000 });
    await detail.locator('input[name=reference]').fill('RZ-120-7731');
    await detail.locator('[data-action=record-emergency-call]').click();
    await detail.locator('.timeline li[data-kind=emergency_called]').waitFor({ timeout: 5000 });
    await detail.locator('.timeline li[data-kind=protocol_step_done]').waitFor({ timeout: 5000 });
    await expect(detail.locator('.timeline li[data-kind=protocol_step_done]').innerText()).resolves.toContain('Protocol step done');
    await expect(detail.locator('.timeline li[data-kind=emergency_called]').innerText()).resolves.toContain('RZ-120-7731');
    await page.screenshot({ path: screenshotPath('centre-incident.png') ?? '/tmp/centre-incident.png', fullPage: true });
  });

  it('finds the resolved incident on the search page by phone number typed without spaces', async () => {
    await page.click('nav a[href="/incidents/search"]');
    await page.fill('input[name=resident]', '13800138000');
    await page.click('[data-action=search-incidents]');
    const row = page.locator(`tr[data-incident-id="${pastId}"]`);
    await row.waitFor({ timeout: 5000 });
    await expect(row.innerText()).resolves.toContain(resident);
    expect(await page.locator(`tr[data-incident-id="${liveId}"]`).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('centre-search.png') ?? '/tmp/centre-search.png' });
  });

  it('asks before rotating a handset secret and says what to do next', async () => {
    const admin = await logIn('/manage/devices', { username: 'admin', password: 'admin-password-1' });
    const row = admin.locator(`tr[data-serial="${serial}"]`);
    await row.locator('[data-action=rotate-secret]').click();
    await expect(row.locator('[data-confirm=rotate-secret]').innerText()).resolves.toContain('presses are refused');
    const before = (await db.query<{ at: Date }>(`SELECT secret_rotated_at AS at FROM devices WHERE serial = $1`, [serial])).rows[0]!.at;
    await row.locator('[data-action=confirm-rotate]').click();
    await admin.locator('[data-testid=device-secret]').waitFor({ timeout: 5000 });
    await expect(row.locator('[data-testid=rotate-next-step]').innerText()).resolves.toContain('put the new secret on handset');
    const after = (await db.query<{ at: Date }>(`SELECT secret_rotated_at AS at FROM devices WHERE serial = $1`, [serial])).rows[0]!.at;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
    await admin.locator('[data-section=devices-glance] [data-concern=never_heard]').click();
    await admin.locator(`[data-glance-serial="${serial}"]`).waitFor({ timeout: 5000 });
  });

  it('gives a disabled handset to another resident from the devices page', async () => {
    const other = await insertResidentWithDevice(db, '孙秀珍 Sun Xiuzhen');
    const admin = await logIn('/manage/devices', { username: 'admin', password: 'admin-password-1' });
    const glance = admin.locator('[data-section=devices-glance]');
    await glance.locator('[data-concern=all]').click();
    const row = glance.locator(`[data-glance-serial="${serial}"]`);
    // Enabled, it only says how; disabled, it offers the residents.
    await expect(row.innerText()).resolves.toContain('disable this device, give it to the new resident, then enable it');
    await row.locator('[data-action=disable-device]').click();
    const picker = row.locator(`[data-reassign-to="${serial}"]`);
    await picker.waitFor({ timeout: 5000 });
    await picker.selectOption(other.residentId);
    await row.locator('[data-action=reassign-device]').click();
    // The resident column (the picker's options name residents too).
    await row.locator('td:nth-child(2)', { hasText: '孙秀珍 Sun Xiuzhen' }).waitFor({ timeout: 5000 });
    const { rows } = await db.query<{ resident_id: string; enabled: boolean }>('SELECT resident_id, enabled FROM devices WHERE serial = $1', [serial]);
    expect(rows[0]).toEqual({ resident_id: other.residentId, enabled: false });
    await admin.screenshot({ path: screenshotPath('centre-device-reassign.png') ?? '/tmp/centre-device-reassign.png' });
  });
});
