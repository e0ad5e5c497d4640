import { expect, test } from './support/test';

test.describe('přihlášení (login)', () => {
  test('a demo employee logs in and sees the home page with name and department', async ({ page }) => {
    // The server's Content-Security-Policy must not block any part of the app (styles included).
    const cspViolations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    await page.goto('/');
    await expect(page).toHaveURL(/\/prihlaseni/);
    await expect(page.getByRole('heading', { level: 1, name: 'Přihlášení' })).toBeVisible();

    await page.getByLabel('Uživatelské jméno').fill('jnovak');
    await page.getByLabel('Heslo', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Přihlásit se' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Dobrý den, Jan Novák' })).toBeVisible();
    await expect(page.getByText('Odbor informatiky').first()).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
    // The skip link stays off-screen until focused: proof the global stylesheet applied.
    await expect(page.getByRole('link', { name: 'Přeskočit na obsah' })).not.toBeInViewport();
    expect(cspViolations).toEqual([]);
    await page.screenshot({ path: 'dist/test-output/web-e2e/screens/home-jnovak.png', fullPage: true });
  });

  test('a wrong password is refused with a Czech message and no session', async ({ page }) => {
    await page.goto('/prihlaseni');
    await page.getByLabel('Uživatelské jméno').fill('jnovak');
    await page.getByLabel('Heslo', { exact: true }).fill('spatne-heslo');
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await expect(page.getByRole('alert')).toContainText('Uživatelské jméno nebo heslo není správné.');
    const me = await page.request.get('/api/v1/auth/me');
    expect(me.status()).toBe(401);
    await page.screenshot({ path: 'dist/test-output/web-e2e/screens/login-error.png' });
  });

  test('logging out ends the session and returns to the login page', async ({ page }) => {
    await page.goto('/prihlaseni');
    await page.getByLabel('Uživatelské jméno').fill('jdvorakova');
    await page.getByLabel('Heslo', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Dobrý den, Jana Dvořáková' })).toBeVisible();

    await page.getByRole('button', { name: 'Jana Dvořáková' }).click();
    await page.getByRole('menuitem', { name: 'Odhlásit se' }).click();
    await expect(page).toHaveURL(/\/prihlaseni/);
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
    await page.goto('/');
    await expect(page).toHaveURL(/\/prihlaseni/);
  });

  test('the language switches to English and is remembered', async ({ page }) => {
    await page.goto('/prihlaseni');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  });

  test('the health endpoint reports database and Redis up', async ({ request }) => {
    const res = await request.get('/api/health');
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.checks.database.status).toBe('up');
    expect(body.checks.redis.status).toBe('up');
  });
});
