import { expect, test } from './support/test';
import { SCREENS, expectNoSeriousViolations, logIn, logOut } from './support/web';

/**
 * The daily journey against the real system: an employee files a leave request, the head of the
 * department approves it from the inbox, the employee sees the approved state and the notification.
 * Axe scans of the request detail and the inbox; screenshots of the main pages.
 */
/**
 * A working day `daysAhead` ahead (leave cannot be requested retroactively). Each test takes its
 * own day: two absences of one person may not overlap.
 */
function futureWeekday(daysAhead: number): string {
  const date = new Date();
  date.setDate(date.getDate() + daysAhead);
  while (date.getDay() === 0 || date.getDay() === 6) date.setDate(date.getDate() + 1);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

test.describe('denní agenda (daily journeys)', () => {
  const pageErrors: string[] = [];
  /** HTTP statuses a test provokes on purpose (the browser logs every failed request). */
  let expectedStatuses = [401];
  test.beforeEach(({ page }) => {
    pageErrors.length = 0;
    expectedStatuses = [401];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (msg) => {
      const status = /status of (\d{3})/.exec(msg.text());
      if (msg.type() === 'error' && !(status && expectedStatuses.includes(Number(status[1])))) pageErrors.push(msg.text());
    });
  });
  test.afterEach(() => {
    expect(pageErrors, 'errors in the browser console').toEqual([]);
  });

  test('an employee files a leave request, the manager approves it, the employee sees it approved and is notified', async ({ page }) => {
    test.setTimeout(120_000);
    const day = futureWeekday(14);

    // 1. Jan Novák files the request.
    await logIn(page, 'jnovak', 'Jan Novák');
    await page.getByRole('navigation').getByRole('link', { name: 'Nová žádost' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nová žádost' })).toBeVisible();
    await page.getByLabel('Hledat agendu').fill('nepřítomnost');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Žádost o nepřítomnost' }) });
    await card.getByRole('link', { name: 'Vyplnit žádost' }).click();
    await expect(page).toHaveURL(/\/nova-zadost\/leave-request/);
    await expect(page.getByRole('heading', { level: 1, name: 'Žádost o nepřítomnost' })).toBeVisible();

    await page.getByRole('radio', { name: 'Dovolená' }).check();
    const status = page.locator('ag-save-status');
    await expect(status).toContainText('Uloženo');
    await expect(page).toHaveURL(/koncept=/);
    await page.getByRole('textbox', { name: 'Od', exact: true }).fill(day);
    await page.getByRole('textbox', { name: 'Do', exact: true }).fill(day);
    await page.getByRole('textbox', { name: 'Poznámka' }).fill('Rodinná oslava.');
    await expect(status).toContainText('Uloženo');
    const draftBadge = page.getByText(/^Koncept /);
    await expect(draftBadge).toBeVisible();
    const reference = ((await draftBadge.textContent()) ?? '').replace('Koncept', '').trim();
    expect(reference).toMatch(/\/\d{4}\/\d{5}$/);
    await page.screenshot({ path: `${SCREENS}/filing-leave-request.png`, fullPage: true });

    await page.getByRole('button', { name: 'Odeslat ke schválení' }).click();
    const confirm = page.getByRole('dialog', { name: 'Odeslat žádost?' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Odeslat ke schválení' }).click();

    await expect(page).toHaveURL(/\/zadosti\/[0-9a-f-]{36}$/);
    const detailUrl = page.url();
    await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Hotovo: Odeslat ke schválení. Stav žádosti: Ke schválení.' })).toBeFocused();
    await expect(page.locator('ag-state-chip').first()).toHaveText('Ke schválení');
    await expect(page.getByRole('region', { name: 'Historie' })).toContainText('Odeslat ke schválení');
    await expectNoSeriousViolations(page, 'request detail (filer)');
    await page.screenshot({ path: `${SCREENS}/detail-submitted.png`, fullPage: true });

    await page.getByRole('navigation').getByRole('link', { name: 'Moje žádosti' }).click();
    await expect(page.getByRole('row').filter({ hasText: reference })).toContainText('Ke schválení');
    await logOut(page, 'Jan Novák');

    // 2. Jana Dvořáková (head of the department) approves it from her inbox.
    await logIn(page, 'jdvorakova', 'Jana Dvořáková');
    await page.getByRole('navigation').getByRole('link', { name: 'Moje úkoly' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Moje úkoly' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: reference });
    await expect(row).toContainText('Jan Novák');
    await expect(row).toContainText('jako vedoucí odboru');
    await expectNoSeriousViolations(page, 'inbox');
    await page.screenshot({ path: `${SCREENS}/inbox-manager.png`, fullPage: true });
    await row.getByRole('link', { name: reference, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
    await expectNoSeriousViolations(page, 'request detail (approver)');

    await page.getByRole('button', { name: 'Schválit' }).click();
    const approve = page.getByRole('dialog', { name: 'Schválit' });
    await approve.getByLabel('Komentář').fill('Schvaluji, hezký odpočinek.');
    await approve.getByRole('button', { name: 'Schválit' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Stav žádosti: Schváleno.' })).toBeFocused();
    await expect(page.locator('ag-state-chip').first()).toHaveText('Schváleno');
    await expect(page.getByRole('region', { name: 'Historie' })).toContainText('Schvaluji, hezký odpočinek.');
    await page.screenshot({ path: `${SCREENS}/detail-approved.png`, fullPage: true });
    await logOut(page, 'Jana Dvořáková');

    // 3. Jan Novák sees the approved state and the notification.
    await logIn(page, 'jnovak', 'Jan Novák');
    const bell = page.getByRole('button', { name: /^Oznámení/ });
    await expect(async () => {
      await page.reload();
      await expect(bell).toHaveAttribute('aria-label', /nepřečtených: [1-9]/, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await bell.click();
    const panel = page.getByRole('region', { name: 'Seznam oznámení' });
    const notification = panel.getByRole('button', { name: /^nové Vaše nepřítomnost byla schválena\./ });
    await expect(notification).toBeVisible();
    await expect(panel.getByRole('heading', { name: 'Oznámení' })).toBeFocused();
    await expectNoSeriousViolations(page, 'notification panel');
    await page.screenshot({ path: `${SCREENS}/notifications-panel.png`, fullPage: true });
    await notification.click();
    await expect(page).toHaveURL(detailUrl);
    await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
    await expect(page.locator('ag-state-chip').first()).toHaveText('Schváleno');
    await expect(page.getByRole('region', { name: 'Historie' })).toContainText('Jana Dvořáková');
  });

  test('server errors show at the fields, a conflict reloads the draft, a return needs a comment and the filer resubmits', async ({ page }) => {
    test.setTimeout(120_000);
    expectedStatuses = [400, 401, 409];
    const day = futureWeekday(21);
    const dayBefore = (() => {
      const d = new Date(`${day}T12:00:00`);
      d.setDate(d.getDate() - 1);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    })();

    await logIn(page, 'jnovak', 'Jan Novák');
    await page.goto('/nova-zadost/leave-request');
    await expect(page.getByRole('heading', { level: 1, name: 'Žádost o nepřítomnost' })).toBeVisible();
    await page.getByRole('radio', { name: 'Dovolená' }).check();
    const status = page.locator('ag-save-status');
    await expect(status).toContainText('Uloženo');

    // The server's cross-field rule (the renderer only checks required fields) shows at "Do" on submitting.
    await page.getByRole('textbox', { name: 'Od', exact: true }).fill(day);
    const dateTo = page.getByRole('textbox', { name: 'Do', exact: true });
    await dateTo.fill(dayBefore);
    await expect(status).toContainText('Uloženo');
    await page.getByRole('button', { name: 'Odeslat ke schválení' }).click();
    await page.getByRole('dialog', { name: 'Odeslat žádost?' }).getByRole('button', { name: 'Odeslat ke schválení' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Zkontrolujte prosím vyplněné údaje.' })).toBeVisible();
    await expect(dateTo).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('nesmí předcházet datu začátku').first()).toBeVisible();
    await expect(page).toHaveURL(/\/nova-zadost\/leave-request/);
    await page.screenshot({ path: `${SCREENS}/filing-server-error.png`, fullPage: true });
    const fixed = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.status() === 200);
    await dateTo.fill(day);
    await expect(dateTo).not.toHaveAttribute('aria-invalid', 'true');
    await fixed;
    await expect(status).toContainText('Uloženo');

    // Someone changes the draft in another window: our next save is refused (409 STALE), explained, reloaded.
    const id = new URL(page.url()).searchParams.get('koncept') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const current = await (await page.request.get(`/api/v1/requests/${id}`)).json();
    const xsrf = (await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
    const other = await page.request.patch(`/api/v1/requests/${id}`, {
      data: { data: { note: 'Z jiného okna' }, expectedVersion: current.version },
      headers: { 'X-XSRF-TOKEN': xsrf },
    });
    expect(other.status()).toBe(200);
    await page.getByRole('textbox', { name: 'Poznámka' }).fill('Moje poznámka');
    await expect(page.getByRole('alert').filter({ hasText: 'Žádost mezitím změnil někdo jiný' })).toBeFocused();
    await expect(page.getByRole('textbox', { name: 'Poznámka' })).toHaveValue('Z jiného okna');

    await page.getByRole('button', { name: 'Odeslat ke schválení' }).click();
    await page.getByRole('dialog', { name: 'Odeslat žádost?' }).getByRole('button', { name: 'Odeslat ke schválení' }).click();
    await expect(page).toHaveURL(/\/zadosti\//);
    const reference = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
    const detailPath = new URL(page.url()).pathname;
    await logOut(page, 'Jan Novák');

    // The manager returns it; the comment is required.
    await logIn(page, 'jdvorakova', 'Jana Dvořáková');
    await page.goto(detailPath);
    await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
    await page.getByRole('button', { name: 'Vrátit k úpravě' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vrátit k úpravě' });
    await dialog.getByRole('button', { name: 'Vrátit k úpravě' }).click();
    await expect(dialog.getByText('Tento krok vyžaduje komentář.')).toBeVisible();
    await expect(dialog.getByLabel('Komentář (povinný)')).toBeFocused();
    await page.screenshot({ path: `${SCREENS}/return-comment-required.png` });
    await dialog.getByLabel('Komentář (povinný)').fill('Doplňte prosím, kdo vás zastoupí.');
    await dialog.getByRole('button', { name: 'Vrátit k úpravě' }).click();
    await expect(page.locator('ag-state-chip').first()).toHaveText('Rozpracováno');
    await logOut(page, 'Jana Dvořáková');

    // The filer fixes it on the detail page (autosaved) and sends it again.
    await logIn(page, 'jnovak', 'Jan Novák');
    await page.getByRole('navigation').getByRole('link', { name: 'Moje žádosti' }).click();
    // The home page links the same request from three places: wait for the list itself.
    await expect(page.getByRole('heading', { level: 1, name: 'Moje žádosti' })).toBeVisible();
    await page.getByRole('link', { name: reference, exact: true }).click();
    await expect(page.getByRole('region', { name: 'Historie' })).toContainText('Doplňte prosím, kdo vás zastoupí.');
    // A comment and an attachment (raw upload with progress), then the download link works.
    await page.getByLabel('Nový komentář').fill('Zástup domluven s Lucií Černou.');
    await page.getByRole('button', { name: 'Přidat komentář' }).click();
    await expect(page.getByRole('region', { name: 'Komentáře' })).toContainText('Zástup domluven s Lucií Černou.');
    await expect(page.getByRole('status').filter({ hasText: 'Komentář byl přidán.' })).toBeVisible();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.getByLabel('Nahrát přílohu').setInputFiles({ name: 'potvrzení.png', mimeType: 'image/png', buffer: png });
    await expect(page.getByRole('status').filter({ hasText: 'Příloha potvrzení.png byla nahrána.' })).toBeVisible();
    const download = page.getByRole('region', { name: 'Přílohy' }).getByRole('link', { name: 'potvrzení.png' });
    await expect(download).toBeVisible();
    const file = await page.request.get((await download.getAttribute('href')) ?? '');
    expect(file.status()).toBe(200);
    expect((await file.body()).equals(png)).toBe(true);

    await page.getByRole('textbox', { name: 'Zastupuje' }).fill('lcerna');
    await expect(page.locator('ag-save-status')).toContainText('Uloženo');
    await page.getByRole('button', { name: 'Odeslat ke schválení' }).click();
    await page.getByRole('dialog', { name: 'Odeslat ke schválení' }).getByRole('button', { name: 'Odeslat ke schválení' }).click();
    await expect(page.locator('ag-state-chip').first()).toHaveText('Ke schválení');
    await expect(page.getByRole('textbox', { name: 'Zastupuje' })).not.toBeEditable();
  });

  test('the inbox and my requests work at a phone width of 360 px', async ({ page }) => {
    await logIn(page, 'jdvorakova', 'Jana Dvořáková');
    await page.setViewportSize({ width: 360, height: 780 });
    for (const path of ['/moje-ukoly', '/moje-zadosti', '/nova-zadost', '/nova-zadost/leave-request']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal scrolling at 360 px on ${path}`).toBeLessThanOrEqual(0);
    }
    await expectNoSeriousViolations(page, 'filing page at 360 px');
    await page.screenshot({ path: `${SCREENS}/filing-360.png`, fullPage: true });
    // The same pages in English.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto('/moje-ukoly');
    await expect(page.getByRole('heading', { level: 1, name: 'My tasks' })).toBeVisible();
    await page.goto('/nova-zadost');
    await expect(page.getByRole('heading', { level: 2, name: 'Personnel' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Fill in the request' }).first()).toBeVisible();
  });
});
