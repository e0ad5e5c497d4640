import { expect, test } from './support/test';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import { logIn } from './support/web';

/**
 * The internal-regulations register in the browser: a regulation published by the agenda (its
 * register row written here as the worker's effect handler would) is found without diacritics, and
 * the employee acknowledges it from "what I still must acknowledge".
 */

const pgPort = Number(process.env['E2E_PG_PORT'] ?? 54339);

test('an employee finds "smernice" as Směrnice and acknowledges it', async ({ page }) => {
  const db = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: 'postgres', database: 'agendy' });
  await db.connect();
  const number = `SM/${Math.floor(Math.random() * 900) + 100}/2026`;
  try {
    const requestId = randomUUID();
    await db.query(
      `INSERT INTO requests (id, reference, agenda_code, agenda_version, filer_id, filer_department_id, state, final, version, snapshot, created_at, updated_at)
       SELECT $1, 'E2E-' || $2, 'internal-regulation', a.published_version, u.id, u.department_id, 'acknowledgement', false, 1, '{"data":{}}', now(), now()
       FROM agendas a, users u WHERE a.code = 'internal-regulation' AND u.username = 'lcerna'`,
      [requestId, number],
    );
    await db.query(
      `WITH r AS (INSERT INTO regulations (request_id, number, title, regulation_type, summary, effective_from)
                  VALUES ($1, $2, 'Směrnice o používání služebních vozidel', 'smernice', 'Pravidla pro rezervaci a používání služebních vozidel kraje.', current_date) RETURNING id)
       INSERT INTO regulation_acknowledgements (regulation_id, user_id) SELECT r.id, u.id FROM r, users u WHERE u.username = 'jnovak'`,
      [requestId, number],
    );
  } finally {
    await db.end();
  }

  await logIn(page, 'jnovak', 'Jan Novák');
  await page.goto('/predpisy');
  await page.getByRole('searchbox', { name: 'Hledat v názvech a textu' }).fill('smernice sluzebnich vozidel');
  await page.getByRole('button', { name: 'Hledat' }).click();
  const row = page.getByRole('row').filter({ hasText: number });
  await expect(row).toContainText('Směrnice o používání služebních vozidel');

  await page.getByRole('searchbox', { name: 'Hledat v názvech a textu' }).fill('');
  await page.getByRole('checkbox', { name: 'Jen předpisy, se kterými se mám seznámit' }).check();
  const mine = page.getByRole('row').filter({ hasText: number });
  await expect(mine).toBeVisible();
  await mine.getByRole('button', { name: `Seznámil(a) jsem se ${number}` }).click();
  await expect(page.getByRole('row').filter({ hasText: number })).toHaveCount(0);

  await page.getByRole('checkbox', { name: 'Jen předpisy, se kterými se mám seznámit' }).uncheck();
  await expect(page.getByRole('row').filter({ hasText: number })).toContainText('Seznámeno 1 z 1');
});

test('the director opens a council session and gets its papers as one PDF', async ({ page }) => {
  test.setTimeout(90_000);
  const db = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: 'postgres', database: 'agendy' });
  await db.connect();
  const title = `Zasedání rady ${randomUUID().slice(0, 8)}`;
  try {
    const ids: string[] = [];
    for (const name of ['Rozpočtové opatření č. 3', 'Dotace na opravu kapličky']) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO requests (id, reference, agenda_code, agenda_version, filer_id, filer_department_id, state, final, version, snapshot, created_at, updated_at)
         SELECT gen_random_uuid(), 'E2E-RK-' || substr(md5(random()::text), 1, 8), 'council-material', a.published_version, u.id, u.department_id, 'scheduled', false, 1,
                jsonb_build_object('data', jsonb_build_object('title', $1::text, 'materialType', 'k-rozhodnuti', 'proposedResolution', 'Rada kraje schvaluje návrh.')), now(), now()
         FROM agendas a, users u WHERE a.code = 'council-material' AND u.username = 'jnovak' RETURNING id`,
        [name],
      );
      ids.push(rows[0].id);
    }
    // A member of the council secretariat (directory group of the council-material agenda), password "demo".
    await db.query(
      `WITH u AS (INSERT INTO users (username, display_name, department_id, auth_source, roles, password_hash)
                  SELECT 'e2e.sekretariat', 'Sekretariát Rady', department_id, 'local', '{employee}', password_hash FROM users WHERE username = 'jnovak'
                  ON CONFLICT (username) DO UPDATE SET active = true RETURNING id)
       INSERT INTO user_directory (user_id, dn, groups, synced_at, checked_at) SELECT id, 'uid=e2e.sekretariat,ou=e2e', '{KULK-OSKH-Rada}', now(), now() FROM u
       ON CONFLICT (user_id) DO NOTHING`,
    );
    await db.query(
      `WITH s AS (INSERT INTO council_sessions (session_date, title, place) VALUES (current_date + 14, $1, 'Liberec') RETURNING id)
       INSERT INTO council_session_items (session_id, request_id, position) SELECT s.id, x.id, x.n FROM s, unnest($2::uuid[]) WITH ORDINALITY AS x(id, n)`,
      [title, ids],
    );
  } finally {
    await db.end();
  }

  await logIn(page, 'pstastny', 'Petr Šťastný');
  await page.goto('/rada');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const rows = page.locator('tbody tr');
  await expect(rows.nth(0)).toContainText('Rozpočtové opatření č. 3');
  // The director may read the papers, but only the secretariat orders the agenda.
  await expect(page.getByRole('button', { name: /^Níž/ })).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Stáhnout podklady (PDF s obsahem)' }).click();
  const file = await (await download).path();
  expect((await readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');

  await page.getByRole('button', { name: 'Petr Šťastný' }).click();
  await page.getByRole('menuitem', { name: 'Odhlásit se' }).click();
  await expect(page).toHaveURL(/\/prihlaseni/);

  // The secretariat moves the first material down with the keyboard alone.
  await logIn(page, 'e2e.sekretariat', 'Sekretariát Rady');
  await page.goto('/rada');
  await page.getByRole('link', { name: title }).click();
  const down = page.getByRole('button', { name: 'Níž Rozpočtové opatření č. 3' });
  await down.focus();
  await page.keyboard.press('Enter');
  await expect(rows.nth(0)).toContainText('Dotace na opravu kapličky');
  await expect(rows.nth(1)).toContainText('Rozpočtové opatření č. 3');
});
