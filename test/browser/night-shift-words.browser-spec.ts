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
 * The console speaks people's language on a night shift (issue 12: 6–10, 15), in real Chromium:
 * the timeline reads as sentences with no raw data, form errors are said per field in Chinese,
 * no label wraps per character at 1366×768 nor on a 390×844 phone, and the responder's phone
 * has what is needed at the door (alarm, navigation, the centre's number, medications, contacts,
 * the operator's note, en route, an outcome).
 */
jest.setTimeout(120_000);

/**
 * The few browser globals the measurements use, typed here: the test project compiles for
 * Node (no DOM library), and these functions run in the page.
 */
interface PageBox {
  top: number;
  width: number;
  height: number;
}
interface PageElement {
  textContent: string | null;
  offsetParent: unknown;
  scrollWidth: number;
  getClientRects(): ArrayLike<PageBox>;
  getBoundingClientRect(): PageBox;
}
interface PageGlobals {
  document: {
    documentElement: PageElement;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    createRange(): { selectNodeContents(el: PageElement): void; getClientRects(): ArrayLike<PageBox> };
  };
  getComputedStyle(el: PageElement): { position: string; lineHeight: string; fontSize: string; backgroundColor: string };
}

/** Elements whose text runs over more than one line: an inline element split in several boxes, or text taller than one line. */
async function wrappedLabels(page: Page, selector: string): Promise<{ text: string; lines: number }[]> {
  return page.evaluate((sel) => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    const wrapped: { text: string; lines: number }[] = [];
    for (const el of Array.from(document.querySelectorAll(sel))) {
      if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
      const style = getComputedStyle(el);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
      // The lines the text itself sits on (a table cell is as tall as its row, whatever its text):
      // the boxes of its fragments, grouped by how far apart their tops are.
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = Array.from(range.getClientRects())
        .filter((r) => r.width > 0 && r.height > 0)
        .map((r) => r.top)
        .sort((a, b) => a - b);
      let lines = tops.length ? 1 : 0;
      for (let i = 1; i < tops.length; i++) if (tops[i]! - tops[i - 1]! > lineHeight * 0.6) lines++;
      if (lines > 1) wrapped.push({ text: el.textContent ?? '', lines });
    }
    return wrapped;
  }, selector);
}

/** What raw data looks like on screen. */
const RAW = /[{}]|"\w+"\s*:|\b[a-z]+_[a-z_]+\b|\b(from|to|manual|location|lat|lng|outcome): /;

describe('night shift words in the browser', () => {
  let env: SuiteEnvironment;
  let consoleProcess: RunningConsole;
  let ingest: NestFastifyApplication;
  let dispatcher: NestFastifyApplication;
  let ingestUrl: string;
  let browser: Browser;
  let client: ConsoleClient;
  let admin: string;
  let operatorToken: string;
  const contexts: BrowserContext[] = [];
  let resident: ResidentWithDevice;
  let incidentId: string;
  const carer = { username: 'carer-wang', password: 'carer-password-0123' };
  const operator = { username: 'operator-liu', password: 'operator-password-0123' };

  const openPage = (viewport: { width: number; height: number }, mobile = false): Promise<Page> => openBrowserPage(browser, contexts, viewport, mobile);
  const logIn = (page: Page, path: string, user: { username: string; password: string }): Promise<void> =>
    logInThroughForm(page, `${consoleProcess.url}${path}`, user);

  const press = async (body: Record<string, unknown> = {}) => {
    const res = await sendSigned<{ incidentId: string }>({
      baseUrl: ingestUrl,
      serial: resident.serial,
      secret: resident.secret,
      path: '/v1/alarms',
      body: { eventId: randomUUID(), type: 'sos', ...body },
    });
    expect(res.status).toBe(202);
    return res.body.incidentId;
  };

  beforeAll(async () => {
    assertWebConsoleBuilt();
    env = await createSuiteEnvironment('browser-words', { DISPATCH_OFFER_TIMEOUT_S: '300', ACK_TIMEOUT_S: '300', CENTRE_PHONE: '+86 633 800 1234' });
    consoleProcess = await startConsole(env.config);
    ingest = await createIngestApp(env.config);
    await ingest.listen(0, '127.0.0.1');
    ingestUrl = await ingest.getUrl();
    dispatcher = await createDispatcherApp(env.config);
    await dispatcher.listen(0, '127.0.0.1');
    resident = await createResidentWithDevice(env.databaseUrl, env.config, { fullName: `王桂兰 ${randomBytes(2).toString('hex')}` });
    client = new ConsoleClient(consoleProcess.url);
    admin = await client.login('admin', 'admin-password-1');
    for (const user of [
      { ...operator, role: 'operator' },
      { ...carer, role: 'responder', responderId: resident.careTeam.carer!.id },
    ]) {
      const res = await client.post('/v1/users', user, admin);
      if (res.status !== 201) throw new Error(`creating ${user.username}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    operatorToken = await client.login(operator.username, operator.password);
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

  it('at 1366×768 the queue has the room, no label wraps per character, and the timeline reads as sentences', async () => {
    incidentId = await press({ batteryPct: 41, location: { lat: 35.4161, lng: 119.5269 } });
    await press();
    await client.post(`/v1/incidents/${incidentId}/acknowledge`, undefined, operatorToken).expect(200);
    await client.post(`/v1/incidents/${incidentId}/notes`, { text: '女儿在路上，门没锁' }, operatorToken).expect(201);

    const page = await openPage({ width: 1366, height: 768 });
    await logIn(page, '/', operator);
    const row = page.locator(`tr[data-incident-id="${incidentId}"]`);
    await row.waitFor({ timeout: 5000 });
    const widths = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals;
      return {
        queue: document.querySelector('.queue-pane')!.getBoundingClientRect().width,
        detail: document.querySelector('.detail-pane')!.getBoundingClientRect().width,
      };
    });
    expect(widths.queue).toBeGreaterThan(widths.detail * 1.5);

    await row.click();
    const detail = page.locator(`article.detail[data-incident-id="${incidentId}"]`);
    await detail.locator('[data-team-role=carer] [data-offer-status=offered]').waitFor({ timeout: 10_000 });
    await detail.locator('.timeline li[data-kind=note]').waitFor({ timeout: 5000 });
    await page.screenshot({ path: screenshotPath('night-console.png') ?? '/tmp/night-words-console.png' });

    const labels = '.status, .offer, .flag, .type, .chip, .countdown, th, td, a[href^="tel:"], button, .queue-row td';
    expect(await wrappedLabels(page, labels)).toEqual([]);

    const sentences = await detail.locator('.timeline li .sentence').allInnerTexts();
    expect(sentences.length).toBeGreaterThanOrEqual(5);
    for (const sentence of sentences) {
      expect({ sentence, raw: RAW.test(sentence) }).toEqual({ sentence, raw: false });
      // Chinese only, besides the names and user names the data holds.
      const names = [operator.username, ...Object.values(resident.careTeam).map((r) => r.fullName)];
      expect(names.reduce((rest, name) => rest.replace(name, ''), sentence)).not.toMatch(/[A-Za-z]{3,}/);
    }
    expect(sentences).toEqual(
      expect.arrayContaining([
        '第 1 次按键：紧急呼救，附带定位，电量 41%',
        '第 2 次按键：紧急呼救',
        `${operator.username} 接警`,
        `${operator.username} 添加备注：“女儿在路上，门没锁”`,
      ]),
    );

    // English: the switch shows English as the chosen language, and the same entries read in English.
    await page.locator('.topbar .lang-switch button', { hasText: 'English' }).click();
    const active = page.locator('.topbar .lang-switch button[aria-pressed=true]');
    await expect(active.innerText()).resolves.toBe('English');
    const activeLook = await active.evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el as unknown as PageElement).backgroundColor);
    const inactiveLook = await page
      .locator('.topbar .lang-switch button[aria-pressed=false]')
      .evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el as unknown as PageElement).backgroundColor);
    expect(activeLook).toBe('rgb(255, 255, 255)');
    expect(inactiveLook).not.toBe(activeLook);
    await detail.locator('.timeline li .sentence', { hasText: 'Press no. 2: SOS' }).waitFor({ timeout: 5000 });
    const english = await detail.locator('.timeline li .sentence').allInnerTexts();
    for (const sentence of english) expect({ sentence, raw: RAW.test(sentence) }).toEqual({ sentence, raw: false });
    expect(await detail.innerText()).toContain('2 presses');
    expect(await wrappedLabels(page, labels)).toEqual([]);
  });

  it('the responder on a 390×844 phone: door details, en route, arrive, complete with an outcome', async () => {
    const phone = await openPage({ width: 390, height: 844 }, true);
    await logIn(phone, '/responder', carer);
    const card = phone.locator(`.offer-card[data-status=offered]`);
    await card.waitFor({ timeout: 10_000 });
    const door = card.locator('[data-testid=door-details]');
    await door.waitFor({ timeout: 5000 });
    await expect(door.innerText()).resolves.toContain('紧急呼救');
    expect(await door.locator('[data-action=navigate]').getAttribute('href')).toBe('geo:35.4161,119.5269?q=35.4161,119.5269');
    expect(await door.locator('[data-action=call-centre]').getAttribute('href')).toBe('tel:+866338001234');
    expect(await door.locator('.door-medications').count()).toBe(0);

    await card.locator('[data-action=accept]').click();
    const taken = phone.locator('.offer-card[data-status=accepted]');
    await taken.locator('.door-medications').waitFor({ timeout: 5000 });
    await expect(taken.locator('.door-medications').innerText()).resolves.toContain('amlodipine 5 mg daily');
    await expect(taken.locator('.door-contacts').innerText()).resolves.toContain('Wang Jun');
    await expect(taken.locator('.door-notes').innerText()).resolves.toContain('女儿在路上，门没锁');
    await phone.screenshot({ path: screenshotPath('night-responder.png') ?? '/tmp/night-words-responder.png', fullPage: true });
    expect(await wrappedLabels(phone, '.offer, .countdown, .type, .chip, button, a[href^="tel:"], a.button')).toEqual([]);
    // Nothing sticks out of the screen.
    expect(await phone.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await taken.locator('[data-action=en-route]').click();
    const onTheWay = phone.locator('.offer-card[data-status=en_route]');
    await onTheWay.locator('[data-action=arrive]').click();
    const there = phone.locator('.offer-card[data-status=arrived]');
    await there.waitFor({ timeout: 5000 });
    expect(await there.locator('[data-action=complete]').isDisabled()).toBe(true);
    await there.locator('select[name=completeOutcome]').selectOption('assisted');
    await there.locator('input[name=completeNote]').fill('血压正常');
    await there.locator('[data-action=complete]').click();
    await phone.locator('.offer-card[data-status=completed]').waitFor({ timeout: 5000 });

    const detail = (await client.get(`/v1/incidents/${incidentId}`, operatorToken).expect(200)).body as {
      timeline: { kind: string; data?: Record<string, unknown> }[];
    };
    expect(detail.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['dispatch_en_route', 'responder_arrived', 'dispatch_completed']));
    expect(detail.timeline.find((e) => e.kind === 'dispatch_completed')?.data).toMatchObject({ outcome: 'assisted', note: '血压正常' });
  });

  it('a resident form with an empty name and a birth date in 1890 is refused field by field in Chinese', async () => {
    const page = await openPage({ width: 1366, height: 768 });
    await logIn(page, '/manage/residents', { username: 'admin', password: 'admin-password-1' });
    await page.click('[data-action=new-resident]');
    await page.fill('input[name=fullName]', '   ');
    await page.fill('input[name=dateOfBirth]', '1890-05-01');
    await page.fill('input[name=address]', '日照市东港区海曲东路 9 号');
    expect(await page.locator('select[name=gender] option').allInnerTexts()).toEqual(['—', '女', '男', '其他']);
    await page.click('[data-action=save-resident]');
    const alert = page.locator('form [role=alert]');
    await alert.waitFor({ timeout: 5000 });
    const said = await alert.innerText();
    expect(said).toContain('姓名为必填项');
    expect(said).toContain('出生日期须在 1900-01-01 与今天之间');
    expect(said).not.toMatch(/[A-Za-z]{3,}/);
  });
});
