import { expect, test } from './support/test';
import { expectNoSeriousViolations, logIn, logOut } from './support/web';

/**
 * Attendance (issue 9): an employee clocks in and out in the browser and submits the month; the
 * head of department approves it from her inbox and the month is locked. The attendance pages
 * pass axe-core with no serious or critical violation.
 */

test('an employee clocks in and out and submits the month; the manager approves it from the inbox', async ({ page }) => {
  await logIn(page, 'jnovak', 'Jan Novák');
  await page.goto('/dochazka');
  await expect(page.getByRole('heading', { level: 1, name: 'Docházka' })).toBeVisible();
  const status = page.getByTestId('attendance-status');
  await expect(status).toHaveText('Nejste v práci');

  await page.getByRole('button', { name: 'Příchod', exact: true }).click();
  await expect(status).toHaveText('V práci');
  await expect(page.getByRole('status').filter({ hasText: /Zaznamenáno: Příchod v \d{1,2}:\d{2}\./ })).toHaveCount(1);
  await expectNoSeriousViolations(page, 'attendance (at work)');

  await page.getByRole('button', { name: 'Odchod', exact: true }).click();
  await expect(status).toHaveText('Nejste v práci');
  await expect(page.getByRole('region', { name: 'Docházka dnes' }).getByRole('listitem')).toHaveText([/Příchod/, /Odchod/]);

  const state = page.getByTestId('timesheet-state');
  await expect(state).toHaveText('Otevřený');
  await page.getByRole('button', { name: 'Předložit výkaz ke schválení' }).click();
  await expect(state).toHaveText('Předložený ke schválení');
  await expect(page.getByRole('status').filter({ hasText: /byl předložen vedoucímu ke schválení/ })).toHaveCount(1);
  await logOut(page, 'Jan Novák');

  await logIn(page, 'jdvorakova', 'Jana Dvořáková');
  await page.getByRole('navigation').getByRole('link', { name: 'Moje úkoly' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Opravy docházky a měsíční výkaz' }).filter({ hasText: 'Jan Novák' });
  await expect(row).toHaveCount(1);
  await row.getByRole('link').first().click();
  await page.getByRole('button', { name: 'Schválit výkaz' }).click();
  const dialog = page.getByRole('dialog', { name: 'Schválit výkaz' });
  await dialog.getByRole('button', { name: 'Schválit výkaz' }).click();
  await expect(page.locator('ag-state-chip').first()).toHaveText('Zpracování na personálním');
  await logOut(page, 'Jana Dvořáková');

  await logIn(page, 'jnovak', 'Jan Novák');
  await page.goto('/dochazka');
  await expect(page.getByTestId('timesheet-state')).toHaveText('Schválený (uzamčený)');
  await expect(page.getByRole('button', { name: 'Předložit výkaz ke schválení' })).toHaveCount(0);
});

test('the attendance pages have no serious or critical axe violations', async ({ page }) => {
  await logIn(page, 'pstastny', 'Petr Šťastný');
  await page.goto('/dochazka');
  await expect(page.getByTestId('timesheet-state')).toBeVisible();
  await expect(page.getByTestId('leave-balance')).toContainText('Zbývá');
  await expectNoSeriousViolations(page, 'attendance');
  await page.getByRole('link', { name: 'Přehled pro personální oddělení' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Docházka – personální přehled' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('Jan Novák');
  await expectNoSeriousViolations(page, 'attendance HR overview');
});
