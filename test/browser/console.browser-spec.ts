import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDispatcherApp } from '../../apps/dispatcher/src/app';
import { createIngestApp } from '../../apps/ingest/src/app';
import { assertWebConsoleBuilt, launchChromium, screenshotPath } from '../support/browser';
import { logInThroughForm, openBrowserPage } from '../support/browser-pages';
import { ConsoleClient, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice, type ResidentWithDevice } from '../support/fixtures';
import { sendSigned } from '../support/handset';

/**
 * The web console in a real browser (the system's Chromium), against the three real apps:
 * an operator takes a live alarm, a carer answers the offer on the phone view, the operator
 * resolves it; an admin provisions a resident and a handset through the pages. The
 * screenshots in the README come from here (written only by `npm run screenshots`).
 */
jest.setTimeout(120_000);

describe('web console in the browser', () => {
  let env: SuiteEnvironment;
  let consoleProcess: RunningConsole;
  let ingest: NestFastifyApplication;
  let dispatcher: NestFastifyApplication;
  let ingestUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let operatorPage: Page;
  let resident: ResidentWithDevice;
  let incidentId: string;
  const carer = { username: 'carer-li', password: 'carer-password-0123' };
  const operator = { username: 'operator-zhang', password: 'operator-password-0123' };

  const openPage = (viewport: { width: number; height: number }, mobile = false): Promise<Page> => openBrowserPage(browser, contexts, viewport, mobile);
  const logIn = (page: Page, path: string, user: { username: string; password: string }): Promise<void> =>
    logInThroughForm(page, `${consoleProcess.url}${path}`, user);

  beforeAll(async () => {
    assertWebConsoleBuilt();
    // Long timers: the cascade must not move past the carer, nor escalate, while the test reads the screen.
    env = await createSuiteEnvironment('browser', { DISPATCH_OFFER_TIMEOUT_S: '300', ACK_TIMEOUT_S: '300' });
    consoleProcess = await startConsole(env.config);
    ingest = await createIngestApp(env.config);
    await ingest.listen(0, '127.0.0.1');
    ingestUrl = await ingest.getUrl();
    dispatcher = await createDispatcherApp(env.config);
    await dispatcher.listen(0, '127.0.0.1');

    resident = await createResidentWithDevice(env.databaseUrl, env.config, { fullName: `王桂兰 Wang Guilan ${randomBytes(2).toString('hex')}` });
    const client = new ConsoleClient(consoleProcess.url);
    const admin = await client.login('admin', 'admin-password-1');
    for (const user of [
      { ...operator, role: 'operator' },
      { ...carer, role: 'responder', responderId: resident.careTeam.carer!.id },
    ]) {
      const res = await client.post('/v1/users', user, admin);
      if (res.status !== 201) throw new Error(`creating ${user.username}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await dispatcher?.close();
    await ingest?.close();
    await consoleProcess?.app.close();
    await env?.destroy();
  });

  it('serves the app for client-side routes without shadowing the API', async () => {
    const page = await fetch(`${consoleProcess.url}/supervisor`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await fetch(`${consoleProcess.url}/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await fetch(`${consoleProcess.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${consoleProcess.url}/health/live`)).status).toBe(200);
  });

  it('an operator logs in, in Chinese by default, and the session survives a reload', async () => {
    operatorPage = await openPage({ width: 1440, height: 1000 });
    await logIn(operatorPage, '/', operator);
    await operatorPage.waitForSelector('.empty');
    expect(await operatorPage.locator('html').getAttribute('lang')).toBe('zh-CN');
    await operatorPage.reload();
    await operatorPage.waitForSelector('[data-action=logout]');
    expect(await operatorPage.locator('input[name=password]').count()).toBe(0);
    // The live feed is up: no banner.
    await operatorPage.waitForSelector('.banner-offline', { state: 'detached' });
  });

  it('a signed press appears in the queue within a second with name, allergies and care team', async () => {
    const row = operatorPage.locator('tr.queue-row', { hasText: resident.fullName });
    const sentAt = Date.now();
    const [, press] = await Promise.all([
      row.waitFor({ timeout: 5000 }),
      sendSigned<{ incidentId: string }>({
        baseUrl: ingestUrl,
        serial: resident.serial,
        secret: resident.secret,
        path: '/v1/alarms',
        body: { eventId: randomUUID(), type: 'sos', batteryPct: 64, location: { lat: 35.4161, lng: 119.5269, accuracyM: 20 } },
      }),
    ]);
    const elapsed = Date.now() - sentAt;
    console.log(`press → row on the operator's screen: ${elapsed} ms`);
    expect(press.status).toBe(202);
    incidentId = press.body.incidentId;
    expect(await row.getAttribute('data-incident-id')).toBe(incidentId);
    expect(await row.getAttribute('class')).toContain('unacknowledged');

    await row.click();
    const detail = operatorPage.locator(`article.detail[data-incident-id="${incidentId}"]`);
    await detail.waitFor();
    await expect(detail.locator('.allergies').innerText()).resolves.toContain('penicillin');
    const careTeam = detail.locator('[data-team-role]');
    await expect(careTeam.allInnerTexts()).resolves.toEqual([
      expect.stringContaining(resident.careTeam.carer!.fullName),
      expect.stringContaining(resident.careTeam.cadre!.fullName),
      expect.stringContaining(resident.careTeam.doctor!.fullName),
    ]);
    expect(await detail.locator('a[href^="tel:"]').count()).toBeGreaterThanOrEqual(4);
    expect(await detail.locator('a[href*="openstreetmap.org"]').getAttribute('href')).toContain('mlat=35.4161');
    // The cascade offers the carer first; wait for it so the screenshot shows the countdown.
    await detail.locator('[data-team-role=carer] [data-offer-status=offered]').waitFor({ timeout: 10_000 });
    await operatorPage.screenshot({ path: screenshotPath('console.png') });
  });

  it('the operator acknowledges with the keyboard shortcut', async () => {
    await operatorPage.keyboard.press('a');
    const detail = operatorPage.locator(`article.detail[data-incident-id="${incidentId}"]`);
    await detail.locator('[data-status=acknowledged]').waitFor({ timeout: 5000 });
    await expect(operatorPage.locator(`tr[data-incident-id="${incidentId}"]`).getAttribute('class')).resolves.not.toContain('unacknowledged');
    await expect(operatorPage.locator(`tr[data-incident-id="${incidentId}"]`).innerText()).resolves.toContain(operator.username);
  });

  it('the carer sees the offer on the phone view and accepts; the operator sees it accepted', async () => {
    const phone = await openPage({ width: 390, height: 844 }, true);
    await logIn(phone, '/responder', carer);
    const card = phone.locator('.offer-card[data-status=offered]');
    await card.waitFor({ timeout: 10_000 });
    await expect(card.innerText()).resolves.toContain(resident.fullName);
    await expect(card.locator('.allergies').innerText()).resolves.toContain('penicillin');
    await expect(card.innerText()).resolves.toContain('Key safe by the door');
    await phone.screenshot({ path: screenshotPath('responder.png') });

    await card.locator('[data-action=accept]').click();
    await phone.locator('.offer-card[data-status=accepted] [data-action=arrive]').waitFor();

    const detail = operatorPage.locator(`article.detail[data-incident-id="${incidentId}"]`);
    await detail.locator('[data-team-role=carer] [data-offer-status=accepted]').waitFor({ timeout: 5000 });
    await detail.locator('[data-status=dispatched]').waitFor({ timeout: 5000 });

    await phone.locator('[data-action=arrive]').click();
    await detail.locator('[data-status=on_scene]').waitFor({ timeout: 5000 });
  });

  it('the operator resolves the incident with an outcome', async () => {
    const detail = operatorPage.locator(`article.detail[data-incident-id="${incidentId}"]`);
    await detail.locator('select[name=outcome]').selectOption('assisted');
    await detail.locator('input[name=resolveNote]').fill('Helped back to bed, no injury');
    // Closing is confirmed (the outcome is said in the question).
    operatorPage.once('dialog', (dialog) => void dialog.accept());
    await detail.locator('[data-action=resolve]').click();
    await detail.locator('[data-status=resolved]').waitFor({ timeout: 5000 });
    await operatorPage.locator(`tr[data-incident-id="${incidentId}"]`).waitFor({ state: 'detached', timeout: 5000 });
    await detail.locator('.timeline li[data-kind=resolved]').waitFor({ timeout: 5000 });
  });

  it('an admin registers a resident, assigns a carer and registers a handset through the pages', async () => {
    const page = await openPage({ width: 1440, height: 1000 });
    await logIn(page, '/manage/residents', { username: 'admin', password: 'admin-password-1' });
    const name = `李秀兰 Li Xiulan ${randomBytes(2).toString('hex')}`;
    await page.click('[data-action=new-resident]');
    await page.fill('input[name=fullName]', name);
    await page.fill('input[name=dateOfBirth]', '1944-03-02');
    await page.fill('input[name=address]', '日照市东港区海曲东路 9 号 2 单元 301');
    await page.fill('input[name=district]', '东港区 Donggang');
    await page.selectOption('select[name=livingSituation]', 'alone');
    await page.fill('textarea[name=medicalHistory]', 'COPD\nosteoporosis');
    await page.fill('textarea[name=allergies]', 'aspirin');
    await page.fill('textarea[name=accessNotes]', 'Neighbour in 302 has a key');
    await page.click('[data-action=save-resident]');
    await page.locator('p.ok', { hasText: name }).waitFor({ timeout: 5000 });

    const client = new ConsoleClient(consoleProcess.url);
    const admin = await client.login('admin', 'admin-password-1');
    const found = (await client.get(`/v1/residents?query=${encodeURIComponent(name)}`, admin)).body as { id: string; allergies: string[] }[];
    expect(found).toHaveLength(1);
    expect(found[0]!.allergies).toEqual(['aspirin']);
    const residentId = found[0]!.id;

    await page.selectOption('select[name=carerId]', resident.careTeam.carer!.id);
    await page.click('[data-action=save-care-team]');
    await page.locator('form p.ok', { hasText: resident.careTeam.carer!.fullName }).waitFor({ timeout: 5000 });

    await page.click(`nav a[href="/manage/devices"]`);
    const serial = `HK-WEB-${randomBytes(3).toString('hex')}`;
    await page.fill('input[name=serial]', serial);
    await page.selectOption('select[name=residentId]', residentId);
    await page.click('[data-action=register-device]');
    const secret = (await page.locator('[data-testid=device-secret]').innerText({ timeout: 5000 })).trim();
    await page.locator(`tr[data-serial="${serial}"]`).waitFor();

    // The secret shown once is the one the handset must sign with.
    const press = await sendSigned({ baseUrl: ingestUrl, serial, secret, path: '/v1/alarms', body: { eventId: randomUUID(), type: 'sos' } });
    expect(press.status).toBe(202);
    await operatorPage.locator('tr.queue-row', { hasText: name }).waitFor({ timeout: 5000 });
  });

  it('logging out returns to the login form, and a reload does not bring the session back', async () => {
    await operatorPage.click('[data-action=logout]');
    await operatorPage.waitForSelector('input[name=password]');
    await operatorPage.reload();
    await operatorPage.waitForSelector('input[name=password]');
  });
});
