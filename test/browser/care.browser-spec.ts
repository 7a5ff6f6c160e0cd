import type { Visit } from '@app/contracts';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertWebConsoleBuilt, launchChromium, screenshotPath } from '../support/browser';
import { ConsoleClient, insertIncident, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice, type ResidentWithDevice } from '../support/fixtures';

/**
 * The care pages in a real browser against a real console: an operator records a follow-up call
 * that finds the resident needs a visit; the carer sees the request on the phone view and
 * records the visit with the form; the visit counts in the week's care hours.
 */
jest.setTimeout(120_000);

describe('care pages in the browser', () => {
  let env: SuiteEnvironment;
  let consoleProcess: RunningConsole;
  let browser: Browser;
  let db: Client;
  let api: ConsoleClient;
  let admin: string;
  const contexts: BrowserContext[] = [];
  let resident: ResidentWithDevice;
  const carer = { username: 'carer-wu', password: 'carer-password-0123' };
  const operator = { username: 'operator-he', password: 'operator-password-0123' };

  async function openPage(viewport: { width: number; height: number }, mobile = false): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: mobile, hasTouch: mobile, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    return page;
  }

  async function logIn(page: Page, path: string, user: { username: string; password: string }): Promise<void> {
    await page.goto(`${consoleProcess.url}${path}`);
    await page.fill('input[name=username]', user.username);
    await page.fill('input[name=password]', user.password);
    await page.click('[data-action=login]');
    await page.waitForSelector('[data-action=logout]');
  }

  beforeAll(async () => {
    assertWebConsoleBuilt();
    env = await createSuiteEnvironment('care-browser');
    consoleProcess = await startConsole(env.config);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    resident = await createResidentWithDevice(env.databaseUrl, env.config, { fullName: `陈淑芬 Chen Shufen ${randomBytes(2).toString('hex')}` });
    await db.query(`UPDATE residents SET phone = '+86 139 8888 0001', weekly_care_hours_target = 6 WHERE id = $1`, [resident.residentId]);
    api = new ConsoleClient(consoleProcess.url);
    admin = await api.login('admin', 'admin-password-1');
    for (const user of [
      { ...operator, role: 'operator' },
      { ...carer, role: 'responder', responderId: resident.careTeam.carer!.id },
    ]) {
      const res = await api.post('/v1/users', user, admin);
      if (res.status !== 201) throw new Error(`creating ${user.username}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const incidentId = await insertIncident(db, { residentId: resident.residentId, serial: resident.serial });
    await api.post(`/v1/incidents/${incidentId}/resolve`, { outcome: 'assisted', note: '扶起，无外伤' }, admin).expect(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await db?.end();
    await consoleProcess?.app.close();
    await env?.destroy();
  });

  it('the operator sees the due follow-up with a tel link and the incident summary, and records the call', async () => {
    const page = await openPage({ width: 1440, height: 900 });
    await logIn(page, '/follow-ups', operator);
    const row = page.locator('[data-testid=follow-ups] tbody tr', { hasText: resident.fullName });
    await row.waitFor();
    expect(await row.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+8613988880001');
    expect(await row.textContent()).toContain('扶起，无外伤');
    await row.locator('[data-action=record-follow-up]').click();
    const form = page.locator('form', { has: page.locator('[data-action=save-follow-up]') });
    await form.locator('select[name=outcome]').selectOption('needs_visit');
    await form.locator('select[name=satisfaction]').selectOption('4');
    await form.locator('textarea[name=note]').fill('腿疼，请护工上门看看');
    await page.screenshot({ path: screenshotPath('follow-ups.png') });
    await form.locator('[data-action=save-follow-up]').click();
    // Recorded: gone from the due list, and a visit request for the care team appears.
    await page.locator('[data-testid=visit-requests] tbody tr', { hasText: resident.fullName }).waitFor();
    await page.locator('[data-testid=follow-ups]').waitFor({ state: 'detached' });
    const done = await api.get('/v1/follow-ups?status=done', admin).expect(200);
    expect(done.body.items).toEqual([expect.objectContaining({ outcome: 'needs_visit', satisfaction: 4, note: '腿疼，请护工上门看看' })]);
  });

  it('the carer sees the visit request on the phone and records the visit with the form', async () => {
    const phone = await openPage({ width: 390, height: 844 }, true);
    await logIn(phone, '/responder', carer);
    const request = phone.locator('[data-visit-request]', { hasText: resident.fullName });
    await request.waitFor();
    await request.locator('button').click();
    const form = phone.locator('form', { has: phone.locator('[data-action=save-visit]') });
    await form.locator(`select[name=residentId] option[value="${resident.residentId}"]`).waitFor({ state: 'attached' });
    expect(await form.locator('select[name=residentId]').inputValue()).toBe(resident.residentId);
    await form.locator('input[name=services][value=meals]').check();
    await form.locator('input[name=services][value=company]').check();
    await form.locator('textarea[name=note]').fill('送餐，陪聊');
    await phone.screenshot({ path: screenshotPath('visit-form.png'), fullPage: true });
    await form.locator('[data-action=save-visit]').click();
    await form.locator('[role=status]').waitFor();
    await phone.locator('[data-testid=my-visits] li').waitFor();
    await request.waitFor({ state: 'detached' });

    const visits = await api.get(`/v1/residents/${resident.residentId}/visits`, admin).expect(200);
    expect(visits.body.items).toEqual([expect.objectContaining({ services: ['meals', 'company'], note: '送餐，陪聊', hours: 1 } satisfies Partial<Visit>)]);
    const requests = await api.get('/v1/visit-requests', admin).expect(200);
    expect(requests.body.items).toEqual([]);
  });

  it('the care-hours page lists the resident with the visit counted', async () => {
    const page = await openPage({ width: 1440, height: 900 });
    await logIn(page, '/care-hours', operator);
    const row = page.locator('[data-testid=care-hours] tbody tr', { hasText: resident.fullName });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(2, 5)).toEqual(['6', '1', '5']);
    await page.screenshot({ path: screenshotPath('care-hours.png') });
  });
});
