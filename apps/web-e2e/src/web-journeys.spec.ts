import type { Page } from '@playwright/test';
import { Client } from 'pg';
import { expect, test } from './support/test';
import {
  api,
  expectNoSeriousViolations,
  futureWeekday,
  logIn,
  logOut,
  screenshot,
  tabUntilFocused,
  typeDate,
  watchConsole,
} from './support/web';

/**
 * The web app's journeys against the real system (api + worker + PostgreSQL + Redis): bulk
 * approval from the inbox with the filer's bell updating live, a grant application with two
 * budget lines and an attachment returned for changes and resubmitted, filing with the keyboard
 * alone, and the language switch remembered with cs-CZ formats.
 */

const pgPort = Number(process.env['E2E_PG_PORT'] ?? 54339);

/** An officer grant on an agenda, straight into the database (idempotent). */
async function grantOfficer(username: string, agendaCode: string): Promise<void> {
  const db = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: 'postgres', database: 'agendy' });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO agenda_grants (subject_type, subject, agenda_code, "grant") SELECT 'user', u.id::text, $2, 'officer' FROM users u WHERE u.username = $1
       ON CONFLICT DO NOTHING`,
      [username, agendaCode],
    );
  } finally {
    await db.end();
  }
}

/** The bell's unread count, read from its accessible name ("Oznámení, nepřečtených: 3"). */
async function unreadCount(page: Page): Promise<number> {
  const label = (await page.getByRole('button', { name: /^Oznámení/ }).getAttribute('aria-label')) ?? '';
  return Number(/nepřečtených: (\d+)/.exec(label)?.[1] ?? 0);
}

async function fileLeaveByApi(page: Page, day: string): Promise<{ id: string; reference: string }> {
  const client = await api(page);
  const draft = await client.post('/api/v1/requests', { agenda: 'leave-request', data: { type: 'dovolena', dateFrom: day, dateTo: day } });
  await client.post(`/api/v1/requests/${draft.id}/transitions`, { transition: 'submit', expectedVersion: draft.version });
  return { id: draft.id, reference: draft.reference };
}

test.describe('webová aplikace (web journeys)', () => {
  let consoleErrors: string[] = [];
  /** HTTP statuses a test provokes on purpose (the browser logs every failed request). */
  let expectedStatuses: number[] = [];
  test.beforeEach(({ page }) => {
    expectedStatuses = [401];
    consoleErrors = watchConsole(page, expectedStatuses);
  });
  test.afterEach(() => {
    expect(consoleErrors, 'errors in the browser console').toEqual([]);
  });

  test('a manager approves two leave requests at once from the inbox; the filer’s bell updates without a reload', async ({ page, browser }) => {
    test.setTimeout(150_000);
    // The filer stays signed in on his home page the whole time.
    await logIn(page, 'jnovak', 'Jan Novák');
    const first = await fileLeaveByApi(page, futureWeekday(30));
    const second = await fileLeaveByApi(page, futureWeekday(37));
    await page.goto('/');
    await expect(page.getByRole('navigation', { name: 'Rychlé podání' }).getByRole('link', { name: /Žádost o nepřítomnost/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Oznámení/ })).toHaveAttribute('aria-label', /Oznámení/);
    const unreadBefore = await unreadCount(page);

    // The manager, in her own browser.
    const managerContext = await browser.newContext();
    const manager = await managerContext.newPage();
    const managerErrors = watchConsole(manager);
    await logIn(manager, 'jdvorakova', 'Jana Dvořáková');
    await manager.getByRole('navigation').getByRole('link', { name: 'Moje úkoly' }).click();
    await expect(manager.getByRole('heading', { level: 1, name: 'Moje úkoly' })).toBeVisible();
    await expect(manager.getByRole('row').filter({ hasText: first.reference })).toBeVisible();

    // Keyboard only: Tab to each checkbox, Space ticks it, Enter runs the step, Enter confirms.
    for (const { reference } of [first, second]) {
      const box = manager.getByRole('checkbox', { name: `Vybrat ${reference}` });
      await tabUntilFocused(manager, box, 80);
      await manager.keyboard.press('Space');
      await expect(box).toBeChecked();
    }
    const run = manager.getByRole('button', { name: 'Schválit vybrané (2)' });
    await run.focus();
    await manager.keyboard.press('Enter');
    const confirm = manager.getByRole('group', { name: /Opravdu provést krok „Schválit“ u vybraných žádostí \(2\)/ });
    await expect(confirm.getByRole('button', { name: 'Potvrdit: Schválit' })).toBeFocused();
    await expectNoSeriousViolations(manager, 'inbox with a bulk selection');
    await screenshot(manager, 'inbox-bulk-confirm');
    await manager.keyboard.press('Enter');

    const summary = manager.getByRole('heading', { level: 3, name: 'Schválit: hotovo 2, nepodařilo se 0.' });
    await expect(summary).toBeFocused();
    const results = manager.getByRole('region', { name: 'Vyřídit více žádostí najednou' });
    await expect(results).toContainText(`${first.reference}: Schváleno`);
    await expect(results).toContainText(`${second.reference}: Schváleno`);
    await expect(manager.getByRole('row').filter({ hasText: first.reference })).toHaveCount(0);
    await expectNoSeriousViolations(manager, 'inbox after bulk approval');
    await screenshot(manager, 'inbox-bulk-result');
    expect(managerErrors, 'errors in the manager’s browser console').toEqual([]);
    await managerContext.close();

    // The filer's bell counts the two approvals on its own (polled every 30 s), no reload.
    await expect.poll(() => unreadCount(page), { timeout: 50_000, intervals: [2_000] }).toBeGreaterThanOrEqual(unreadBefore + 2);
    await page.getByRole('button', { name: /^Oznámení/ }).click();
    await expect(page.getByRole('region', { name: 'Seznam oznámení' }).getByRole('button', { name: /Vaše nepřítomnost byla schválena/ }).first()).toBeVisible();
    const detail = await (await api(page)).get(`/api/v1/requests/${first.id}`);
    expect(detail.state.id).toBe('approved');
    expect(detail.history.at(-1).actor.displayName).toBe('Jana Dvořáková');
  });

  test('a grant application with two budget lines and an attachment is returned with a comment, fixed and resubmitted', async ({ page }) => {
    test.setTimeout(150_000);
    // While the amounts are typed, the draft breaks the agenda's sum rules for a moment: those autosaves are refused (400).
    expectedStatuses.push(400);
    // Lucie Černá is the officer of the grant agenda. Nobody grants themselves anything (ADR 0004) and
    // the demo has no second agenda administrator, so the grant is written as a fixture, as another
    // agenda administrator would give it.
    await grantOfficer('lcerna', 'grant-application');

    // 1. Jan Novák fills the form in on behalf of a sports club.
    await logIn(page, 'jnovak', 'Jan Novák');
    const saves: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().includes('/api/v1/requests/')) saves.push(r.url());
    });
    await page.getByRole('navigation').getByRole('link', { name: 'Nová žádost' }).click();
    await page.getByLabel('Hledat agendu').fill('dotac');
    await page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Žádost o dotaci' }) }).getByRole('link', { name: 'Vyplnit žádost' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Žádost o dotaci' })).toBeVisible();
    await page.getByRole('combobox', { name: /^Dotační program/ }).selectOption({ label: '5.1 Sportovní akce a reprezentace kraje' });
    await page.getByLabel('Název žadatele').fill('TJ Sokol Liberec');
    await page.getByLabel('IČO').fill('70891508');
    await page.getByRole('combobox', { name: /^Právní forma/ }).selectOption({ label: 'Spolek' });
    await page.getByLabel('Sídlo').fill('Husova 10, 460 01 Liberec');
    await page.getByLabel('Statutární zástupce').fill('Marie Veselá');
    await page.getByLabel('Kontaktní e-mail').fill('sokol@example.cz');
    await page.getByLabel('Číslo bankovního účtu').fill('19-2000145399/0800');
    await page.getByLabel('Název projektu').fill('Krajský turnaj mládeže');
    await page.getByLabel('Popis projektu a jeho přínosu').fill('Celodenní turnaj v míčových hrách pro 200 dětí ze sportovních oddílů celého kraje.');
    await page.getByLabel('Zahájení realizace').fill(futureWeekday(40));
    await page.getByLabel('Ukončení realizace').fill(futureWeekday(60));

    await page.getByRole('button', { name: 'Přidat řádek' }).click();
    const row1 = page.getByRole('group', { name: 'Řádek 1' });
    await row1.getByLabel('Položka').fill('Pronájem haly');
    await row1.getByRole('combobox', { name: /^Druh nákladu/ }).selectOption({ label: 'Služby' });
    await row1.getByLabel('Částka (Kč)').fill('120000');
    await page.getByRole('button', { name: 'Přidat řádek' }).click();
    const row2 = page.getByRole('group', { name: 'Řádek 2' });
    await row2.getByLabel('Položka').fill('Medaile a ceny');
    await row2.getByRole('combobox', { name: /^Druh nákladu/ }).selectOption({ label: 'Materiální náklady' });
    await row2.getByLabel('Částka (Kč)').fill('30000');
    await expect(page.getByText('Celkem Částka (Kč): 150 000 Kč')).toBeVisible();
    await page.getByLabel('Celkové náklady projektu (Kč)').fill('150000');
    // The officer will ask for a smaller grant and a larger own share.
    await page.getByLabel('Požadovaná dotace (Kč)').fill('100000');
    await page.getByLabel('Vlastní podíl žadatele (Kč)').fill('50000');

    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await page.locator('input[type="file"]').first().setInputFiles({ name: 'cestne-prohlaseni.png', mimeType: 'image/png', buffer: png });
    await expect(page.locator('.ag-file__name')).toHaveText(['cestne-prohlaseni.png']);
    await expect(page.locator('ag-save-status')).toContainText('Uloženo');
    // Saved means settled: no further saves of unchanged data (each would bump the version and
    // write an audit row). Two seconds are twice the form's and the editor's debounce together.
    const savesWhenSaved = saves.length;
    await page.waitForTimeout(2_000);
    expect(saves.length, 'autosave PATCHes after the data was saved').toBe(savesWhenSaved);
    await expectNoSeriousViolations(page, 'grant application filing');
    await screenshot(page, 'filing-grant-application');

    await page.getByRole('button', { name: 'Podat žádost' }).click();
    await page.getByRole('dialog', { name: 'Odeslat žádost?' }).getByRole('button', { name: 'Podat žádost' }).click();
    await expect(page).toHaveURL(/\/zadosti\/[0-9a-f-]{36}$/);
    const detailPath = new URL(page.url()).pathname;
    const reference = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
    expect(reference).toMatch(/\/\d{4}\/\d{5}$/);
    await expect(page.locator('ag-state-chip').first()).toHaveText('Formální kontrola');
    // The progress view: where it is now and what comes next.
    const progress = page.getByRole('region', { name: 'Průběh' });
    await expect(progress.locator('[aria-current="step"]')).toContainText('Formální kontrola');
    await expect(progress).toContainText('následuje');
    await expect(page.getByRole('region', { name: 'Přílohy' }).getByRole('link', { name: 'cestne-prohlaseni.png' })).toBeVisible();
    await expectNoSeriousViolations(page, 'grant application detail (filer)');
    await screenshot(page, 'detail-grant-submitted');
    await logOut(page, 'Jan Novák');

    // 2. The officer returns it; the comment is required.
    await logIn(page, 'lcerna', 'Lucie Černá');
    await page.getByRole('navigation').getByRole('link', { name: 'Moje úkoly' }).click();
    const row = page.getByRole('row').filter({ hasText: reference });
    await expect(row).toContainText('společná fronta');
    await row.getByRole('link', { name: reference, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${detailPath}$`));
    await page.getByRole('button', { name: 'Vrátit k doplnění' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vrátit k doplnění' });
    await dialog.getByRole('button', { name: 'Vrátit k doplnění' }).click();
    await expect(dialog.getByText('Tento krok vyžaduje komentář.')).toBeVisible();
    await dialog.getByLabel('Komentář (povinný)').fill('Snižte prosím požadovanou dotaci na 90 000 Kč, zbytek pokryje vlastní podíl.');
    await dialog.getByRole('button', { name: 'Vrátit k doplnění' }).click();
    await expect(page.locator('ag-state-chip').first()).toHaveText('Vráceno k doplnění');
    await logOut(page, 'Lucie Černá');

    // 3. The filer reads the comment, fixes the amounts and resubmits.
    await logIn(page, 'jnovak', 'Jan Novák');
    await page.getByRole('navigation').getByRole('link', { name: 'Moje žádosti' }).click();
    // The home page links the same request from three places: wait for the list itself.
    await expect(page.getByRole('heading', { level: 1, name: 'Moje žádosti' })).toBeVisible();
    await page.getByRole('link', { name: reference, exact: true }).click();
    await expect(page.getByRole('region', { name: 'Historie' })).toContainText('Snižte prosím požadovanou dotaci na 90 000 Kč');
    await expect(page.getByRole('region', { name: 'Historie' })).toContainText('Lucie Černá');
    // Money fields show "100 000" and switch to the raw number on focus: select all and type, as a person does.
    for (const [label, value] of [['Požadovaná dotace (Kč)', '90000'], ['Vlastní podíl žadatele (Kč)', '60000']]) {
      const field = page.getByLabel(label);
      await field.focus();
      await field.press('ControlOrMeta+a');
      await field.pressSequentially(value);
      await field.blur();
    }
    await expect(page.getByLabel('Požadovaná dotace (Kč)')).toHaveValue(/^90\s?000$/);
    await page.getByRole('button', { name: 'Podat doplněnou žádost' }).click();
    await page.getByRole('dialog', { name: 'Podat doplněnou žádost' }).getByRole('button', { name: 'Podat doplněnou žádost' }).click();
    await expect(page.locator('ag-state-chip').first()).toHaveText('Formální kontrola');
    await expect(page.getByRole('region', { name: 'Historie' })).toContainText('Podat doplněnou žádost');
    const stored = await (await api(page)).get(`/api/v1/requests${detailPath.replace('/zadosti', '')}`);
    expect(stored.data).toMatchObject({ requestedAmount: 90000, ownShare: 60000, totalCost: 150000 });
    expect(stored.data.budget).toHaveLength(2);
    expect(stored.data.attachments).toHaveLength(1);
    await screenshot(page, 'detail-grant-resubmitted');
  });

  test('a leave request is filed and sent with the keyboard alone (Tab, Enter, Space)', async ({ page }) => {
    test.setTimeout(90_000);
    await logIn(page, 'jnovak', 'Jan Novák');
    const day = futureWeekday(44);

    // From the home page: Tab to "Nová žádost" in the navigation and open it with Enter (focus starts
    // in the main content after login, so Tab goes round the home page's cards first).
    await tabUntilFocused(page, page.getByRole('navigation', { name: 'Hlavní navigace' }).getByRole('link', { name: 'Nová žádost' }), 60);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Nová žádost' })).toBeVisible();
    const search = page.getByLabel('Hledat agendu');
    await tabUntilFocused(page, search, 30);
    await page.keyboard.type('nepřítomnost');
    const fill = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Žádost o nepřítomnost' }) }).getByRole('link', { name: 'Vyplnit žádost' });
    await tabUntilFocused(page, fill, 10);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Žádost o nepřítomnost' })).toBeVisible();

    const vacation = page.getByRole('radio', { name: 'Dovolená' });
    await tabUntilFocused(page, vacation, 40);
    await page.keyboard.press('Space');
    await expect(vacation).toBeChecked();
    const dateFrom = page.getByRole('textbox', { name: 'Od', exact: true });
    await tabUntilFocused(page, dateFrom, 10);
    await typeDate(page, day);
    const dateTo = page.getByRole('textbox', { name: 'Do', exact: true });
    await tabUntilFocused(page, dateTo, 6);
    await typeDate(page, day);
    await expect(dateTo).toHaveValue(day);
    const note = page.getByRole('textbox', { name: 'Poznámka' });
    await tabUntilFocused(page, note, 10);
    await page.keyboard.type('Podáno jen klávesnicí.');
    await expect(page.locator('ag-save-status')).toContainText('Uloženo');

    const send = page.getByRole('button', { name: 'Odeslat ke schválení' });
    await tabUntilFocused(page, send, 30);
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Odeslat žádost?' });
    await expect(confirm).toBeVisible();
    await tabUntilFocused(page, confirm.getByRole('button', { name: 'Odeslat ke schválení' }), 6);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/zadosti\/[0-9a-f-]{36}$/);
    await expect(page.locator('ag-state-chip').first()).toHaveText('Ke schválení');
    await expect(page.getByRole('region', { name: 'Údaje žádosti' })).toBeVisible();
    // The focus follows: the outcome message has it, so a screen reader says what happened.
    await expect(page.getByRole('status').filter({ hasText: 'Stav žádosti: Ke schválení.' })).toBeFocused();
  });

  test('the language switch is remembered and dates and amounts follow cs-CZ', async ({ page }) => {
    await logIn(page, 'jnovak', 'Jan Novák');
    // cs-CZ: "27. 11. 2026" with spaces, amounts "150 000 Kč" with a (narrow) no-break space.
    const today = await page.getByText(/^Dnes je /).textContent();
    expect(today).toMatch(/\d{1,2}\. \S+ \d{4}|\d{1,2}\. \d{1,2}\. \d{4}/);
    await page.goto('/moje-zadosti');
    const updated = page.getByRole('row').nth(1).locator('td').filter({ hasText: /\d{1,2}\. \d{1,2}\. \d{4}/ });
    await expect(updated.first()).toBeVisible();

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My requests' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'My requests' })).toBeVisible();
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Good day, Jan Novák' })).toBeVisible();
    await expectNoSeriousViolations(page, 'home in English');
    await screenshot(page, 'home-en');
    await page.getByRole('button', { name: 'Čeština' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Dobrý den, Jan Novák' })).toBeVisible();
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'cs');
  });

  test('home, my requests and the new request list have no serious axe violations', async ({ page }) => {
    await logIn(page, 'jnovak', 'Jan Novák');
    await expect(page.getByRole('navigation', { name: 'Rychlé podání' })).toBeVisible();
    await expectNoSeriousViolations(page, 'home');
    await screenshot(page, 'home');
    await page.goto('/moje-zadosti');
    await expect(page.getByRole('heading', { level: 1, name: 'Moje žádosti' })).toBeVisible();
    await expectNoSeriousViolations(page, 'my requests');
    await screenshot(page, 'my-requests');
    await page.goto('/nova-zadost');
    await expect(page.getByRole('heading', { level: 1, name: 'Nová žádost' })).toBeVisible();
    await expectNoSeriousViolations(page, 'new request');
    await screenshot(page, 'new-request');
    await page.goto('/moje-ukoly');
    await expect(page.getByRole('heading', { level: 1, name: 'Moje úkoly' })).toBeVisible();
    await expectNoSeriousViolations(page, 'my tasks (employee)');
  });
});
