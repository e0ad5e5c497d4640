import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * The internal-regulations register in the browser: a regulation published by the agenda (its
 * register row written here as the worker's effect handler would) is found without diacritics, and
 * the employee acknowledges it from "what I still must acknowledge".
 */

const pgPort = Number(process.env['E2E_PG_PORT'] ?? 54339);

async function logIn(page: Page, username: string, displayName: string): Promise<void> {
  await page.goto('/prihlaseni');
  await page.getByLabel('Uživatelské jméno').fill(username);
  await page.getByLabel('Heslo', { exact: true }).fill('demo');
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Dobrý den, ${displayName}` })).toBeVisible();
}

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
