import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { Client } from 'pg';
import { expectNoSeriousViolations, logIn, logOut } from './support/web';

/**
 * Dashboards and registers in the browser: a department head opens /prehledy and sees, per agenda
 * and month, exactly the counts this test works out on its own from the e2e database (rows read
 * with plain SQL, grouped here in JavaScript); axe scans of the dashboard and the register pages.
 */

const pgPort = Number(process.env['E2E_PG_PORT'] ?? 54339);

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
    // Three sign-ins and six filings: slow when the 2-core machine is busy.
    test.setTimeout(90_000);
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

  /** Rows in every register, so the scans see filled tables (written as the worker's effect handler would). */
  async function seedRegisters(): Promise<void> {
    const request = async (agenda: string, state: string, data: object): Promise<string> => {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO requests (id, reference, agenda_code, agenda_version, filer_id, filer_department_id, state, final, version, snapshot, created_at, updated_at)
         SELECT gen_random_uuid(), 'E2E-REG-' || substr(md5(random()::text), 1, 8), a.code, a.published_version, u.id, u.department_id, $2, false, 1, jsonb_build_object('data', $3::jsonb), now(), now()
         FROM agendas a, users u WHERE a.code = $1 AND u.username = 'jnovak' RETURNING id`,
        [agenda, state, JSON.stringify(data)],
      );
      return rows[0].id;
    };
    const contract = await request('contract-order', 'awaiting-publication', {});
    await db.query(
      `INSERT INTO contracts (request_id, reference, document_type, subject, counterparty_name, counterparty_ico, amount_without_vat, amount_with_vat, signed_on, publication_required, publication_deadline)
       VALUES ($1, 'SML/2026/E2E', 'smlouva', 'Servisní podpora serverů', 'Datacentrum Liberec a.s.', '25596641', 480000, 580800, current_date - 3, true, current_date + 27)`,
      [contract],
    );
    const reg = await request('internal-regulation', 'effective', {});
    await db.query(
      `INSERT INTO regulations (request_id, number, title, regulation_type, summary, effective_from) VALUES ($1, 'SM/77/2026', 'Směrnice o spisové službě', 'smernice', 'Pravidla spisové služby.', current_date)`,
      [reg],
    );
    const material = await request('council-material', 'scheduled', { title: 'Rozpočtové opatření č. 7', materialType: 'k-rozhodnuti' });
    await db.query(
      `WITH s AS (INSERT INTO council_sessions (session_date, title, place) VALUES (current_date + 7, 'Zasedání rady kraje (e2e)', 'Liberec') RETURNING id)
       INSERT INTO council_session_items (session_id, request_id, position) SELECT s.id, $1, 1 FROM s`,
      [material],
    );
  }

  for (const [path, heading] of [
    ['/predpisy', 'Předpisy'],
    ['/smlouvy', 'Smlouvy'],
    ['/rada', 'Rada kraje'],
  ] as const) {
    test(`register page ${path} has no serious axe violation`, async ({ page }) => {
      if (path === '/predpisy') await seedRegisters();
      await logIn(page, 'pstastny', 'Petr Šťastný');
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      // (Not 'networkidle': the bell's live stream keeps a connection open on every page.)
      await expect(page.locator('tbody tr').first()).toBeVisible();
      await page.screenshot({ path: `dist/test-output/web-e2e/screens/register${path.replace('/', '-')}.png`, fullPage: true });
      await expectNoSeriousViolations(page, path);
    });
  }
});
