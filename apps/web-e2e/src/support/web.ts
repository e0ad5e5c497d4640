import AxeBuilder from '@axe-core/playwright';
import type { APIResponse, Locator, Page } from '@playwright/test';
import { expect, test } from './test';

/** Where the main pages' screenshots go (kept after the run, next to Playwright's own output). */
export const SCREENS = `${process.env['E2E_OUTPUT_DIR'] ?? 'dist/test-output/web-e2e'}/screens`;

/** A full-page screenshot saved under SCREENS and attached to the test's report. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const body = await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  await test.info().attach(name, { body, contentType: 'image/png' });
}

/** axe-core, WCAG 2.1 A + AA rules: no serious or critical violation. */
export async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  // Scan the page as it settles, not a frame of a ripple or a fade that happens to be under way
  // (the colours of such a frame depend on the machine's speed). Endless animations are left alone.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    console.log(
      `axe violations on ${name}:\n` +
        serious
          .map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n` + v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n'))
          .join('\n'),
    );
  }
  expect(serious.map((v) => `${v.id} (${v.nodes.length}×)`), `serious or critical axe violations on ${name}`).toEqual([]);
}

export async function logIn(page: Page, username: string, displayName: string): Promise<void> {
  await page.goto('/prihlaseni');
  await page.getByLabel('Uživatelské jméno').fill(username);
  await page.getByLabel('Heslo', { exact: true }).fill('demo');
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Dobrý den, ${displayName}` })).toBeVisible();
}

export async function logOut(page: Page, displayName: string): Promise<void> {
  await page.getByRole('button', { name: displayName }).click();
  await page.getByRole('menuitem', { name: 'Odhlásit se' }).click();
  await expect(page).toHaveURL(/\/prihlaseni/);
}

/** The signed-in page's API, with the XSRF header the api wants on every unsafe request. */
export async function api(page: Page) {
  const xsrf = (await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
  const headers = { 'X-XSRF-TOKEN': xsrf };
  const ok = async (res: APIResponse, what: string) => {
    expect(res.ok(), `${what}: ${res.status()} ${await res.text()}`).toBe(true);
    return res.status() === 204 ? null : res.json();
  };
  return {
    get: async (url: string) => ok(await page.request.get(url), `GET ${url}`),
    post: async (url: string, data: unknown) => ok(await page.request.post(url, { data, headers }), `POST ${url}`),
  };
}

/** A working day `days` ahead (leave cannot be requested retroactively), as yyyy-mm-dd. */
export function futureWeekday(days = 14): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  while (date.getDay() === 0 || date.getDay() === 6) date.setDate(date.getDate() + 1);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Presses Tab until `target` has the focus (date and time inputs hold it for an extra stop). */
export async function tabUntilFocused(page: Page, target: Locator, maxPresses: number): Promise<void> {
  for (let i = 0; i < maxPresses && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/**
 * Types a date into the focused date input. Debian's Chromium lays its date inputs out by its own
 * UI locale (en-US here, whatever the page's language): month, day, year.
 */
export async function typeDate(page: Page, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await page.keyboard.type(`${month}${day}${year}`);
}

/** Collects uncaught errors and console errors, except HTTP statuses a test provokes on purpose. */
export function watchConsole(page: Page, expectedStatuses: number[] = [401]): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    const status = /status of (\d{3})/.exec(msg.text());
    if (msg.type() === 'error' && !(status && expectedStatuses.includes(Number(status[1])))) errors.push(msg.text());
  });
  return errors;
}
