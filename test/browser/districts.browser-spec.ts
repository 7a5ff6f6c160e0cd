import type { IncidentDetail } from '@app/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createIngestApp } from '../../apps/ingest/src/app';
import { assertWebConsoleBuilt, launchChromium, screenshotPath } from '../support/browser';
import { ConsoleClient, type RunningConsole, startConsole } from '../support/console-client';
import { createSuiteEnvironment, type SuiteEnvironment } from '../support/environment';
import { createResidentWithDevice, type ResidentWithDevice } from '../support/fixtures';
import { sendSigned } from '../support/handset';

const EAST = '东港区';

/**
 * What an operator of one district sees of another district's alarm when nobody of that
 * district is online: the alarm in its queue, and on screen why it is shown to it.
 */
jest.setTimeout(90_000);

describe('districts in the browser', () => {
  let env: SuiteEnvironment;
  let consoleProcess: RunningConsole;
  let ingest: NestFastifyApplication;
  let ingestUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let resident: ResidentWithDevice;
  let client: ConsoleClient;
  let admin: string;
  const westOperator = { username: 'operator-west', password: 'operator-password-0123' };

  beforeAll(async () => {
    assertWebConsoleBuilt();
    env = await createSuiteEnvironment('browser-districts');
    consoleProcess = await startConsole(env.config);
    ingest = await createIngestApp(env.config);
    await ingest.listen(0, '127.0.0.1');
    ingestUrl = await ingest.getUrl();
    resident = await createResidentWithDevice(env.databaseUrl, env.config, { fullName: `刘淑珍 Liu Shuzhen ${randomBytes(2).toString('hex')}` });
    client = new ConsoleClient(consoleProcess.url);
    admin = await client.login('admin', 'admin-password-1');
    await client.patch(`/v1/residents/${resident.residentId}`, { district: EAST }, admin).expect(200);
    await client.post('/v1/users', { ...westOperator, role: 'operator', districts: ['西城区'] }, admin).expect(201);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await ingest?.close();
    await consoleProcess?.app.close();
    await env?.destroy();
  });

  it('shows another district’s SOS, in the queue and the detail, with why it is shown', async () => {
    await page.goto(`${consoleProcess.url}/`);
    await page.fill('input[name=username]', westOperator.username);
    await page.fill('input[name=password]', westOperator.password);
    await page.click('[data-action=login]');
    await page.waitForSelector('.empty');
    await page.waitForSelector('.banner-offline', { state: 'detached' });

    const press = await sendSigned<{ incidentId: string }>({
      baseUrl: ingestUrl,
      serial: resident.serial,
      secret: resident.secret,
      path: '/v1/alarms',
      body: { eventId: randomUUID(), type: 'sos' },
    });
    expect(press.status).toBe(202);

    const row = page.locator('tr.queue-row', { hasText: resident.fullName });
    await row.waitFor({ timeout: 10_000 });
    const notice = `此警报显示给你，是因为${EAST}暂无接警员在线`;
    expect(await row.locator('.shown-because').textContent()).toBe(notice);

    await row.click();
    const detail = page.locator('article.detail');
    await detail.waitFor();
    expect(await detail.locator('.detail-head .shown-because').textContent()).toBe(notice);
    // The timeline says it in words too.
    await detail.locator('.timeline li[data-kind=shown_to_every_console]', { hasText: '该区域没有接警员在线，警报已显示给所有接警员' }).waitFor();
    await page.screenshot({ path: screenshotPath('district-exception.png') ?? `/tmp/district-exception-${env.redisPrefix}.png` });

    // An admin sees the same incident as one of its own (no reason to give).
    const asAdmin = (await client.get(`/v1/incidents/${press.body.incidentId}`, admin).expect(200)).body as IncidentDetail;
    expect(asAdmin.shownBecause).toBeUndefined();
  });
});
