import type { Browser, BrowserContext, Page } from 'playwright-core';

/** A page in a fresh context (Chinese locale, as the console starts), kept in `contexts` so the suite closes it. */
export async function openBrowserPage(
  browser: Browser,
  contexts: BrowserContext[],
  viewport: { width: number; height: number },
  mobile = false,
): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: mobile, hasTouch: mobile, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  return page;
}

/** Logs in through the form at `path` and waits for the logged-in screen. */
export async function logInThroughForm(page: Page, url: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await page.click('[data-action=login]');
  await page.waitForSelector('[data-action=logout]');
}
