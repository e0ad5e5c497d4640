import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { Client } from 'pg';

/**
 * Dashboards and registers in the browser: a department head opens /prehledy and sees, per agenda
 * and month, exactly the counts this test works out on its own from the e2e database (rows read
 * with plain SQL, grouped here in JavaScript); axe scans of the dashboard and the register pages.
 */

const pgPort = Number(process.env['E2E_PG_PORT'] ?? 54339);

async function logIn(page: Page, username: string, displayName: string): Promise<void> {
  await page.goto('/prihlaseni');
  await page.getByLabel('Uživatelské jméno').fill(username);
  await page.getByLabel('Heslo', { exact: true }).fill('demo');
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Dobrý den, ${displayName}` })).toBeVisible();
}

async function logOut(page: Page, displayName: string): Promise<void> {
  await page.getByRole('button', { name: displayName }).click();
  await page.getByRole('menuitem', { name: 'Odhlásit se' }).click();
  await expect(page).toHaveURL(/\/prihlaseni/);
}

async function fileDrafts(page: Page, agenda: string, n: number): Promise<void> {
  const xsrf = (await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
  for (let i = 0; i < n; i++) {
    const res = await page.request.post('/api/v1/requests', { data: { agenda, data: {} }, headers: { 'X-XSRF-TOKEN': xsrf } });
    expect(res.status(), await res.text()).toBe(201);
  }
}

const pragueMonth = (d: Date) => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit' }).formatToParts(d);
  return `${parts.find((p) => p.type === 'year')?.value}-${parts.find((p) => p.type === 'month')?.value}`;
};

async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    console.log(`axe violations on ${name}:\n` + serious.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n` + v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')).join('\n'));
  }
  expect(serious.map((v) => `${v.id} (${v.nodes.length}×)`), `serious or critical axe violations on ${name}`).toEqual([]);
}

test.describe('přehledy (dashboards)', () => {
  let db: Client;
  test.beforeAll(async () => {
    db = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: 'postgres', database: 'agendy' });
    await db.connect();
  });
  test.afterAll(async () => {
    await db.end();
  });

  test('a department head sees the counts the test computed from the database', async ({ page }) => {
    await logIn(page, 'jnovak', 'Jan Novák');
    await fileDrafts(page, 'leave-request', 3);
    await fileDrafts(page, 'maintenance-request', 2);
    await logOut(page, 'Jan Novák');
    // Someone from another department: must not appear in the head of informatics' numbers.
    await logIn(page, 'triha', 'Tomáš Říha');
    await fileDrafts(page, 'leave-request', 1);
    await logOut(page, 'Tomáš Říha');

    // Independently of the api: the raw rows of the departments jdvorakova heads, grouped here.
    const { rows } = await db.query<{ agenda_code: string; created_at: Date }>(
      `SELECT r.agenda_code, r.created_at FROM requests r
       WHERE r.filer_department_id IN (SELECT d.id FROM departments d JOIN users u ON u.id = d.head_user_id WHERE u.username = 'jdvorakova')`,
    );
    const thisMonth = pragueMonth(new Date());
    const expected = new Map<string, number>();
    for (const r of rows) if (pragueMonth(r.created_at) === thisMonth) expected.set(r.agenda_code, (expected.get(r.agenda_code) ?? 0) + 1);
    expect(expected.get('leave-request')).toBeGreaterThanOrEqual(3);
    expect(expected.get('maintenance-request')).toBeGreaterThanOrEqual(2);

    await logIn(page, 'jdvorakova', 'Jana Dvořáková');
    await page.goto('/prehledy');
    await expect(page.getByRole('heading', { level: 1, name: 'Přehledy a statistiky' })).toBeVisible();
    const section = page.locator('section[data-chart="requestsPerMonth"]');
    await expect(section.getByRole('heading', { name: 'Žádosti podle agend a měsíců' })).toBeVisible();
    const shown = section.locator(`tbody tr[data-month="${thisMonth}"]`);
    await expect(shown).toHaveCount(expected.size);
    for (const [agenda, count] of expected) {
      await expect(section.locator(`tbody tr[data-agenda="${agenda}"][data-month="${thisMonth}"] td[data-col="count"]`)).toHaveText(String(count));
    }
    // The chart is drawn (SVG, loaded lazily) next to its table.
    await expect(section.locator('ag-dashboard-chart svg')).toBeVisible();

    // The CSV carries the same numbers.
    const csvHref = await section.getByRole('link', { name: /Stáhnout CSV/ }).getAttribute('href');
    const csv = await (await page.request.get(csvHref ?? '')).text();
    for (const [agenda, count] of expected) expect(csv).toContain(`${agenda},${thisMonth},${count}`);

    await page.screenshot({ path: 'dist/test-output/web-e2e/screens/dashboards.png', fullPage: true });
    await expectNoSeriousViolations(page, '/prehledy');
  });

  test('an employee who manages nobody is refused the dashboard with a Czech message', async ({ page }) => {
    await logIn(page, 'jnovak', 'Jan Novák');
    await page.goto('/prehledy');
    await expect(page.getByRole('alert')).toHaveText('K této akci nemáte oprávnění.');
    await expect(page.locator('section[data-chart]')).toHaveCount(0);
  });

  for (const [path, heading] of [
    ['/predpisy', 'Předpisy'],
    ['/smlouvy', 'Smlouvy'],
    ['/rada', 'Rada kraje'],
  ] as const) {
    test(`register page ${path} has no serious axe violation`, async ({ page }) => {
      await logIn(page, 'pstastny', 'Petr Šťastný');
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expectNoSeriousViolations(page, path);
    });
  }
});
