import { request } from '@playwright/test';
import { expect, test } from './support/test';
import { expectNoSeriousViolations, logIn } from './support/web';

/**
 * Booking (issue 8): an employee books a room from the calendar in the browser and finds it in
 * their iCal feed (read without a session, as a calendar client would); the booking pages pass
 * axe-core with no serious or critical violation.
 */

test('an employee books a room from the calendar and sees it in their iCal feed', async ({ page }) => {
  const title = `Porada e2e ${Date.now() % 100000}`;
  await logIn(page, 'jnovak', 'Jan Novák');
  await page.goto('/rezervace');
  await expect(page.getByRole('heading', { level: 1, name: 'Rezervace místností a vozidel' })).toBeVisible();
  await page.getByLabel('Kalendář', { exact: true }).selectOption({ label: 'Zasedací místnost 201' });
  // Next week's Wednesday, 10:00 (columns Monday…Sunday, half-hour slots from 7:00).
  await page.getByRole('button', { name: 'Následující období' }).click();
  const slot = page.locator('#slot-2-6');
  await expect(slot).toHaveAccessibleName(/^Rezervovat od středa .* 10:00$/);
  await slot.click();

  const dialog = page.getByRole('dialog', { name: 'Nová rezervace' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Od', { exact: true })).toHaveValue('10:00');
  await expect(dialog.getByLabel('Do', { exact: true })).toHaveValue('11:00');
  await dialog.getByLabel('Název (účel)').fill(title);
  await dialog.getByRole('button', { name: 'Rezervovat', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Rezervace je potvrzena.' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: new RegExp(`^10:00–11:00\\s*${title}\\s*, středa .*, potvrzeno$`) })).toBeVisible();

  // 9:30–10:30 overlaps it: the server refuses it (409) and the dialog says so in Czech.
  await page.locator('#slot-2-5').click();
  await dialog.getByLabel('Název (účel)').fill('Druhá porada');
  await dialog.getByRole('button', { name: 'Rezervovat', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('je v tomto čase už rezervováno');
  await dialog.getByRole('button', { name: 'Zrušit' }).click();

  // My bookings → the iCal address; a calendar client reads it without logging in.
  await page.getByLabel('Kalendář', { exact: true }).selectOption({ label: 'Moje rezervace' });
  await expect(page.getByRole('button', { name: new RegExp(`^10:00–11:00\\s*${title} · Zasedací místnost 201`) })).toBeVisible();
  await page.getByRole('button', { name: 'Zobrazit adresu kalendáře' }).click();
  const url = await page.getByLabel('Adresa kalendáře (iCal)').inputValue();
  expect(url).toMatch(/\/api\/v1\/booking-feeds\/[A-Za-z0-9_-]+\.ics$/);
  const calendarClient = await request.newContext();
  const feed = await calendarClient.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  const ics = (await feed.text()).replace(/\r\n[ \t]/g, '');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain(`SUMMARY:${title} – Zasedací místnost 201`);
  const event = ics.split('BEGIN:VEVENT').find((e) => e.includes(`SUMMARY:${title}`)) ?? '';
  // 10:00–11:00 in Prague is 09:00Z (winter time) or 08:00Z (summer time).
  expect(event).toMatch(/DTSTART:\d{8}T0[89]0000Z\r\nDTEND:\d{8}T(09|10)0000Z/);
  await calendarClient.dispose();
});

test('the booking pages have no serious or critical axe violations and the grid works from the keyboard', async ({ page }) => {
  test.setTimeout(120_000); // seven axe scans on a shared 2-core machine
  await logIn(page, 'jnovak', 'Jan Novák');
  await page.goto('/rezervace');
  await expect(page.locator('#slot-0-4')).toBeVisible();
  await expectNoSeriousViolations(page, 'calendar (week)');

  // Keyboard: one tab stop in the grid, arrows move, Enter opens the new-booking dialog, Esc closes it.
  await page.locator('#slot-0-4').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#slot-1-5')).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Nová rezervace' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Od', { exact: true })).toHaveValue('09:30');
  await expectNoSeriousViolations(page, 'new-booking dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('#slot-1-5')).toBeFocused();

  await page.getByRole('button', { name: 'Měsíc' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await expectNoSeriousViolations(page, 'calendar (month)');

  await page.getByRole('link', { name: 'Najít volný termín' }).click();
  await page.getByLabel('Alespoň osob').fill('12');
  await page.getByRole('checkbox', { name: 'projektor' }).check();
  await page.getByRole('button', { name: 'Čtvrtek odpoledne' }).click();
  await page.getByRole('button', { name: 'Hledat' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Zasedací místnost 201' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Konzultační místnost C0.03' })).toHaveCount(0);
  await expectNoSeriousViolations(page, 'find a slot');

  await page.getByRole('link', { name: 'Služební jízdy' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Řidičský průkaz a školení řidičů' })).toBeVisible();
  await expectNoSeriousViolations(page, 'car trips');

  await page.getByRole('link', { name: 'Kniha jízd' }).click();
  await expect(page.getByRole('link', { name: 'PDF' })).toBeVisible();
  await expectNoSeriousViolations(page, 'logbook');

  await page.getByRole('link', { name: 'Správa zdrojů' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Správa místností a vozidel' })).toBeVisible();
  await expectNoSeriousViolations(page, 'resources administration');
});

test('the facility and fleet manager manages resources; the admin page passes axe', async ({ page }) => {
  test.setTimeout(90_000);
  // Vladimír Beneš holds the booking agendas' facility-manager and fleet-manager roles; the system
  // administrator does not manage resources (ADR 0004).
  await logIn(page, 'vbenes', 'Vladimír Beneš');
  await page.goto('/rezervace/sprava');
  const table = page.getByRole('table', { name: 'Místnosti a vozy' });
  await expect(table.getByRole('rowheader', { name: 'Sál zastupitelstva' })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'Škoda Enyaq iV 8L4 0211' })).toBeVisible();
  await expectNoSeriousViolations(page, 'resources administration (manager)');

  await page.getByLabel('Kód', { exact: true }).fill('zasedacka-e2e');
  await page.getByLabel('Název', { exact: true }).fill('Zasedací místnost E2E');
  await page.getByLabel('Kapacita (osob)').fill('6');
  await page.getByRole('button', { name: 'Přidat', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Přidáno: Zasedací místnost E2E.' })).toHaveCount(1);
  await expect(table.getByRole('rowheader', { name: 'Zasedací místnost E2E' })).toBeVisible();
  await page.getByRole('button', { name: 'Vyřadit Zasedací místnost E2E' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Vyřazeno: Zasedací místnost E2E.' })).toHaveCount(1);
});
