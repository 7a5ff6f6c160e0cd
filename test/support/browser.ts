import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** The system's Chromium (Debian package `chromium`); no browser is ever downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const REPO = join(__dirname, '..', '..');
export const SCREENSHOTS_DIR = join(REPO, 'docs', 'screenshots');

/** The browser suites drive the built SPA as the console process serves it; say how to get it when it is missing. */
export function assertWebConsoleBuilt(): void {
  const index = join(REPO, 'dist', 'console-web', 'index.html');
  if (!existsSync(index)) {
    throw new Error(`the web console is not built (${index} is missing): run \`npm run build\` first (npm test does it in pretest)`);
  }
}

/**
 * Headless Chromium. Playwright gives every launch a fresh temporary profile (its own
 * --user-data-dir, which it refuses to take in `args`) and deletes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Let the alarm sound start without a user gesture, as it would after a click.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Set by `npm run screenshots`: the README's screenshots are tracked files, so a plain test run must not rewrite them. */
const WRITE_SCREENSHOTS = process.env.WRITE_SCREENSHOTS === '1';

/** Where a screenshot is saved: docs/screenshots on request, else nowhere (it is still taken, so the suite runs the same). */
export function screenshotPath(name: string): string | undefined {
  if (!WRITE_SCREENSHOTS) return undefined;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return join(SCREENSHOTS_DIR, name);
}

export interface BrowserUser {
  username: string;
  password: string;
}

/**
 * The pages a browser suite opens against the console: each in its own context (its own
 * storage, so its own session), in Chinese, page errors logged; `initScript` runs in every page
 * before the app. `close` closes them all.
 */
export class ConsolePages {
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly consoleUrl: string,
    private readonly initScript?: string,
  ) {}

  async open(viewport: { width: number; height: number }, mobile = false): Promise<Page> {
    const context = await this.browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: mobile, hasTouch: mobile, locale: 'zh-CN' });
    this.contexts.push(context);
    if (this.initScript) await context.addInitScript(this.initScript);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    return page;
  }

  async logIn(page: Page, path: string, user: BrowserUser): Promise<void> {
    await page.goto(`${this.consoleUrl}${path}`);
    await page.fill('input[name=username]', user.username);
    await page.fill('input[name=password]', user.password);
    await page.click('[data-action=login]');
    await page.waitForSelector('[data-action=logout]');
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
  }
}
