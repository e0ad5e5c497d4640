import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { SCREENS, expectNoSeriousViolations, logIn } from './support/web';

/**
 * Accessibility (WCAG 2.1 AA, public-sector software): axe-core scans of the main pages with no
 * serious or critical violation allowed, the agenda form at phone width, and filing a form with
 * the keyboard alone.
 */

/** Presses Tab until `target` has the focus (date and time inputs hold it for an extra stop). */
async function tabUntilFocused(page: Page, target: Locator, maxPresses: number): Promise<void> {
  for (let i = 0; i < maxPresses && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/**
 * Types a date into the focused date input. Debian's Chromium lays its date inputs out by its own
 * UI locale (en-US here, whatever the page's language): month, day, year.
 */
async function typeDate(page: Page, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await page.keyboard.type(`${month}${day}${year}`);
}

/** Types a time into the focused time input (its en-US layout has an AM/PM part). */
async function typeTime(page: Page, hhmm: string): Promise<void> {
  const [hours, minutes] = hhmm.split(':').map(Number);
  const hours12 = hours % 12 === 0 ? 12 : hours % 12;
  await page.keyboard.type(`${String(hours12).padStart(2, '0')}${String(minutes).padStart(2, '0')}${hours < 12 ? 'A' : 'P'}`);
}

type Rgb = [number, number, number];

function parseRgb(css: string): Rgb {
  const parts = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (!parts) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

/** `top` painted over `base` with the given opacity. */
function overlay(base: Rgb, top: Rgb, opacity: number): Rgb {
  return base.map((c, i) => c + (top[i] - c) * opacity) as Rgb;
}

/** WCAG 2.1 contrast ratio. */
function contrast(a: Rgb, b: Rgb): number {
  const luminance = (rgb: Rgb) => {
    const [r, g, bl] = rgb.map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test.describe('přístupnost (accessibility)', () => {
  const pageErrors: string[] = [];
  test.beforeEach(({ page }) => {
    pageErrors.length = 0;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (msg) => {
      // The session probe before logging in answers 401 by design.
      if (msg.type() === 'error' && !/status of 401/.test(msg.text())) pageErrors.push(msg.text());
    });
  });
  test.afterEach(() => {
    expect(pageErrors, 'errors in the browser console').toEqual([]);
  });

  test('the login page has no serious axe violations', async ({ page }) => {
    await page.goto('/prihlaseni');
    await expect(page.getByRole('heading', { level: 1, name: 'Přihlášení' })).toBeVisible();
    await expectNoSeriousViolations(page, 'login');
  });

  test('a filled button keeps its text contrast under the white layers of a quick double click', async ({ page }) => {
    // A click leaves the focus layer and a fading ripple over the button; a second click adds another
    // ripple (12 % white each). axe once scanned a button in that moment (4.0:1 on tone 40).
    await page.goto('/prihlaseni');
    const submit = page.getByRole('button', { name: 'Přihlásit' });
    const colors = await submit.evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, text: style.color, pressed: getComputedStyle(document.documentElement).getPropertyValue('--mat-sys-pressed-state-layer-opacity') };
    });
    const layer = Number(colors.pressed);
    expect(layer).toBeGreaterThan(0);
    const worst = overlay(parseRgb(colors.background), parseRgb(colors.text), 1 - (1 - layer) ** 2);
    expect(contrast(worst, parseRgb(colors.text)), `contrast of ${colors.text} on ${colors.background} under two ripples`).toBeGreaterThanOrEqual(4.5);
  });

  test('home, the list of agendas and the grant application form have no serious axe violations', async ({ page }) => {
    await logIn(page, 'jnovak', 'Jan Novák');
    await expectNoSeriousViolations(page, 'home');

    await page.getByRole('navigation').getByRole('link', { name: 'Nová žádost' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nová žádost' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Dotace' })).toBeVisible();
    await expectNoSeriousViolations(page, 'new request list');

    await page.getByRole('link', { name: /Žádost o dotaci/ }).click();
    await expect(page).toHaveURL(/\/nova-zadost\/nahled\/grant-application$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Náhled formuláře: Žádost o dotaci' })).toBeVisible();
    // Two budget lines with a live total.
    await page.getByRole('button', { name: 'Přidat řádek' }).click();
    await page.getByRole('group', { name: 'Řádek 1' }).getByLabel('Položka').fill('Pronájem sálu');
    await page.getByRole('group', { name: 'Řádek 1' }).getByLabel('Částka (Kč)').fill('120000');
    await page.getByRole('button', { name: 'Přidat řádek' }).click();
    await page.getByRole('group', { name: 'Řádek 2' }).getByLabel('Částka (Kč)').fill('30000');
    await expect(page.getByText('Celkem Částka (Kč): 150 000 Kč')).toBeVisible();
    await expectNoSeriousViolations(page, 'grant form');
    await page.screenshot({ path: `${SCREENS}/preview-grant-application.png`, fullPage: true });

    // After "Zkontrolovat" the summary lists the errors and every field shows its own.
    await page.getByRole('button', { name: 'Zkontrolovat' }).click();
    const summary = page.getByRole('region', { name: 'Formulář obsahuje chyby' });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link', { name: '„Název žadatele“: je povinný údaj' })).toBeVisible();
    await expect(page.getByLabel('Název žadatele')).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, 'grant form with errors');
    await page.screenshot({ path: `${SCREENS}/preview-grant-application-errors.png`, fullPage: true });
  });

  test('the grant application form works at a phone width of 360 px', async ({ page }) => {
    await logIn(page, 'jnovak', 'Jan Novák');
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto('/nova-zadost/nahled/grant-application');
    await expect(page.getByLabel('Název žadatele')).toBeVisible();
    await page.getByRole('button', { name: 'Přidat řádek' }).click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'horizontal scrolling at 360 px').toBeLessThanOrEqual(0);
    await expectNoSeriousViolations(page, 'grant form at 360 px');
    await page.screenshot({ path: `${SCREENS}/preview-grant-application-360.png`, fullPage: true });
  });

  test('a leave request is filled in and checked with the keyboard alone', async ({ page }) => {
    await logIn(page, 'jnovak', 'Jan Novák');
    await page.goto('/nova-zadost/nahled/leave-request');
    await expect(page.getByRole('heading', { level: 1, name: /Žádost o nepřítomnost/ })).toBeVisible();

    // From the top of the page, Tab leads to the first field of the form.
    const firstOption = page.getByRole('radio', { name: 'Dovolená' });
    await tabUntilFocused(page, firstOption, 40);
    // Space picks the focused option, the arrows move down to "Návštěva lékaře".
    await page.keyboard.press('Space');
    await expect(firstOption).toBeChecked();
    const doctor = page.getByRole('radio', { name: 'Návštěva lékaře' });
    for (let i = 0; i < 6 && !(await doctor.isChecked()); i++) await page.keyboard.press('ArrowDown');
    await expect(doctor).toBeChecked();
    await expect(doctor).toBeFocused();
    await expect(page.getByRole('heading', { level: 2, name: 'Návštěva lékaře' })).toBeVisible();

    const dateFrom = page.getByRole('textbox', { name: 'Od', exact: true });
    await page.keyboard.press('Tab');
    await expect(dateFrom).toBeFocused();
    await typeDate(page, '2026-12-15');
    await expect(dateFrom).toHaveValue('2026-12-15');

    // Submit too early: the summary takes the focus and its link leads to the missing field.
    const check = page.getByRole('button', { name: 'Zkontrolovat' });
    await tabUntilFocused(page, check, 20);
    await page.keyboard.press('Enter');
    const summary = page.getByRole('region', { name: 'Formulář obsahuje chyby' });
    await expect(summary).toBeFocused();
    await page.screenshot({ path: `${SCREENS}/preview-leave-request-keyboard-errors.png`, fullPage: true });
    await page.keyboard.press('Tab');
    await expect(summary.getByRole('link', { name: '„Do“: je povinný údaj' })).toBeFocused();
    await page.keyboard.press('Enter');
    const dateTo = page.getByRole('textbox', { name: 'Do', exact: true });
    await expect(dateTo).toBeFocused();
    await typeDate(page, '2026-12-15');
    await expect(dateTo).toHaveValue('2026-12-15');

    await tabUntilFocused(page, page.getByRole('textbox', { name: 'Zastupuje' }), 4);
    await page.keyboard.type('jdvorakova');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('textbox', { name: 'Poznámka' })).toBeFocused();
    await page.keyboard.type('Preventivní prohlídka.');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Čas od')).toBeFocused();
    await typeTime(page, '09:00');
    await tabUntilFocused(page, page.getByLabel('Čas do'), 4);
    await typeTime(page, '10:30');
    await expect(page.getByLabel('Čas od')).toHaveValue('09:00');
    await expect(page.getByLabel('Čas do')).toHaveValue('10:30');
    await tabUntilFocused(page, check, 4);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Formulář je vyplněn správně.' })).toBeVisible();
    await expect(summary).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/preview-leave-request-keyboard.png`, fullPage: true });
  });
});
