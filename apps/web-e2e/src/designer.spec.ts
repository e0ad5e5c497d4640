import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { api, expectNoSeriousViolations, logIn, logOut } from './support/web';

/**
 * The agenda designer in the browser, without touching a file: the agenda administrator builds
 * "Žádost o pracovní cestu" (form, workflow with the director over 10 000 Kč, a travel order
 * generated and signed by the manager), tries it step by step, publishes it; an employee files it
 * and the manager and the director approve it.
 */
function dateIn(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function addField(page: Page, kind: string, name: string, labelCs: string, labelEn: string): Promise<void> {
  const add = page.getByRole('region', { name: 'Přidat pole' });
  await add.getByLabel('Druh pole').selectOption({ label: kind });
  await add.getByLabel('Technický název').fill(name);
  await add.getByLabel('Popisek česky').fill(labelCs);
  await add.getByLabel('Popisek anglicky').fill(labelEn);
  await add.getByRole('button', { name: 'Přidat pole' }).click();
  // The designer opens the new field's details. Change detection runs after the click returns, so
  // wait for it: reading another row's state before then would see the previous selection.
  const opened = kind === 'Období (od–do)' ? `${name}From` : name;
  await expect(page.locator(`[data-field="${opened}"] .field-row__name`)).toHaveAttribute('aria-expanded', 'true');
}

/** Opens a field's details (once) and ticks "Povinné". */
async function makeRequired(page: Page, name: string): Promise<Locator> {
  const row = page.locator(`[data-field="${name}"]`);
  const toggle = row.locator('.field-row__name');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await row.getByLabel('Povinné').check();
  return row;
}

async function blur(page: Page): Promise<void> {
  await page.keyboard.press('Tab');
}

test('an administrator designs, tries and publishes a business-trip agenda; an employee files it and gets it approved', async ({ page }) => {
  test.setTimeout(240_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // 1. The agenda administrator creates the agenda.
  await logIn(page, 'lcerna', 'Lucie Černá');
  await page.getByRole('navigation').getByRole('link', { name: 'Administrace' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agendy' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Žádost o nepřítomnost' })).toBeVisible();
  await expectNoSeriousViolations(page, 'agenda list');
  const create = page.getByRole('region', { name: 'Nová agenda' });
  await create.getByLabel('Název česky').fill('Žádost o pracovní cestu');
  await create.getByLabel('Název anglicky').fill('Business trip request');
  await create.getByLabel('Kód agendy').fill('pracovni-cesta');
  await create.getByRole('button', { name: 'Vytvořit agendu' }).click();
  await expect(page).toHaveURL(/\/administrace\/agendy\/pracovni-cesta/);
  await expect(page.getByRole('heading', { level: 1, name: /Žádost o pracovní cestu/ })).toBeVisible();

  // 2. The form: destination, dates, transport, estimated cost.
  await page.getByRole('button', { name: 'Odebrat pole subject' }).click();
  await addField(page, 'Text', 'destination', 'Místo cesty', 'Destination');
  await addField(page, 'Období (od–do)', 'trip', 'Termín', 'Dates');
  await addField(page, 'Výběr ze seznamu', 'transport', 'Doprava', 'Transport');
  await addField(page, 'Částka v Kč', 'estimatedCost', 'Předpokládané náklady', 'Estimated cost');
  const transport = await makeRequired(page, 'transport');
  await transport.getByLabel('Možnosti').fill('vlak = Vlak | Train\nsluzebni-auto = Služební auto | Service car\nautobus = Autobus | Bus');
  await blur(page);
  for (const name of ['destination', 'tripFrom', 'tripTo', 'estimatedCost']) await makeRequired(page, name);
  const preview = page.getByRole('complementary', { name: 'Náhled formuláře' });
  await expect(preview.getByLabel('Místo cesty')).toBeVisible();
  await expect(preview.getByLabel('Doprava')).toContainText('Služební auto');
  await expect(preview.getByLabel('Předpokládané náklady')).toBeVisible();
  await expectNoSeriousViolations(page, 'form designer');

  // 3. Documents: the travel order.
  await page.getByRole('tab', { name: 'Role a dokumenty' }).click();
  const docs = page.getByRole('group', { name: 'Dokumenty' });
  await docs.getByLabel('Kód').last().fill('travel-order');
  await docs.getByLabel('Popisek česky').last().fill('Cestovní příkaz');
  await docs.getByRole('button', { name: 'Přidat dokument' }).click();
  await expect(docs.getByRole('group', { name: 'Cestovní příkaz' })).toBeVisible();

  // 4. The workflow: the director approves trips over 10 000 Kč; approval generates the travel order and asks the manager to sign it.
  await page.getByRole('tab', { name: 'Postup' }).click();
  const side = page.getByRole('complementary', { name: /Vlastnosti|Stav|Krok/ });
  await page.getByRole('button', { name: 'Přidat stav' }).click();
  await side.getByLabel('Technický název stavu').fill('director-approval');
  await blur(page);
  await side.getByLabel('Popisek česky').fill('Schválení ředitelem');
  await blur(page);
  await side.getByLabel('Popisek anglicky').fill("Director's approval");
  await blur(page);
  const assign = side.getByRole('group', { name: 'Kdo žádost v tomto stavu řeší' });
  await assign.getByLabel('žadatel', { exact: true }).uncheck();
  await assign.getByLabel('ředitel/ka').check();
  await side.getByRole('button', { name: 'Přidat krok z tohoto stavu' }).click();
  await side.getByLabel('Technický název kroku').fill('director-approve');
  await blur(page);
  await side.getByLabel('Popisek česky').fill('Schválit');
  await blur(page);
  await side.getByLabel('Popisek anglicky').fill('Approve');
  await blur(page);
  await side.getByLabel('Do stavu').selectOption({ label: 'Schváleno' });
  const who = side.getByRole('group', { name: 'Kdo smí krok provést' });
  await who.getByLabel('žadatel', { exact: true }).uncheck();
  await who.getByLabel('ředitel/ka').check();
  await side.getByLabel('Žadatel sám nesmí (čtyři oči)').check();

  await page.getByRole('region', { name: 'Kroky' }).getByRole('button', { name: /^Schválit \(approve:/ }).click();
  await side.getByRole('button', { name: 'Přidat podmíněný cíl' }).click();
  const routes = side.getByRole('group', { name: 'Jinam, když platí podmínka' });
  await routes.getByLabel('Pole', { exact: true }).selectOption('estimatedCost');
  await routes.getByLabel('Porovnání').selectOption('>');
  await routes.getByLabel('Hodnota').fill('10 000');
  await blur(page);
  await routes.getByLabel('pak do stavu').selectOption({ label: 'Schválení ředitelem' });

  await page.getByRole('region', { name: 'Kroky' }).getByRole('button', { name: /^Zamítnout/ }).click();
  await side.getByRole('group', { name: 'Ze stavů' }).getByLabel('Schválení ředitelem').check();
  await side.getByRole('group', { name: 'Kdo smí krok provést' }).getByLabel('ředitel/ka').check();

  await page.getByRole('region', { name: 'Stavy' }).getByRole('button', { name: /^Schváleno/ }).click();
  await side.getByLabel('Nový účinek').selectOption({ label: 'Vytvořit dokument (PDF)' });
  await side.getByRole('button', { name: 'Přidat účinek' }).click();
  await expect(side.getByLabel('Šablona dokumentu')).toHaveValue('travel-order');
  await side.getByLabel('Nový účinek').selectOption({ label: 'Vyžádat podpisy' });
  await side.getByRole('button', { name: 'Přidat účinek' }).click();
  await expect(side.getByRole('combobox', { name: '1. podepisující' })).toHaveValue('managerOfFiler');

  // The diagram shows the new state and the condition on the arrow.
  const diagram = page.getByRole('group', { name: 'Diagram postupu' });
  await expect(diagram.locator('text', { hasText: 'Schválení ředitelem' })).toBeVisible();
  await expect(diagram.locator('text', { hasText: 'estimatedCost > 10' })).toBeVisible();

  await expect(page.getByText('Definice je v pořádku.')).toBeVisible({ timeout: 10_000 });
  await expectNoSeriousViolations(page, 'workflow designer');
  await page.getByRole('button', { name: 'Uložit koncept' }).click();
  await expect(page.getByText('Koncept je uložen.')).toBeVisible();

  // 5. Try it: file 15 000 Kč, the manager and then the director approve; the travel order is generated.
  await page.getByRole('tab', { name: 'Vyzkoušet' }).click();
  const data = page.getByRole('region', { name: 'Ukázková data' });
  await data.getByLabel('Místo cesty').fill('Praha, Ministerstvo vnitra');
  await data.getByLabel('Termín – od').fill(dateIn(20));
  await data.getByLabel('Termín – do').fill(dateIn(21));
  await data.getByLabel('Doprava').selectOption({ label: 'Vlak' });
  await data.getByLabel('Předpokládané náklady').fill('15000');
  await page.waitForTimeout(500);
  await page.getByRole('button', { name: 'Začít zkoušku' }).click();
  const run = page.getByRole('region', { name: 'Průběh' });
  const next = run.locator('.sim-next');
  await next.locator('li', { hasText: 'Žadatel' }).getByRole('button', { name: 'Odeslat ke schválení' }).click();
  await expect(run.locator('.sim-state').last()).toHaveText('Ke schválení');
  await next.locator('li', { hasText: 'Vedoucí odboru' }).getByRole('button', { name: 'Schválit' }).click();
  await expect(run.locator('.sim-state').last()).toHaveText('Schválení ředitelem');
  await next.locator('li', { hasText: 'Ředitel' }).getByRole('button', { name: 'Schválit' }).click();
  await expect(run.getByText('Žádost skončila ve stavu „Schváleno“.')).toBeVisible();
  await expect(run.locator('.sim-effects').last()).toContainText('vygenerován dokument „travel-order“');
  await expect(run.locator('.sim-effects').last()).toContainText('žádost o podpisy dokumentu „travel-order“');

  // 6. Publish.
  await page.getByRole('button', { name: 'Zveřejnit', exact: true }).click();
  await expect(page.getByText(/Verze je zveřejněna/)).toBeVisible();
  await page.getByRole('tab', { name: 'Verze' }).click();
  await expect(page.getByRole('row', { name: /v1/ })).toContainText('zveřejněná');

  // The travel order's template: placeholders from the form, a PDF preview.
  await page.getByRole('tab', { name: 'Role a dokumenty' }).click();
  // The agenda officer, named.
  const grants = page.getByRole('region', { name: 'Referenti, správci a auditoři agendy' });
  await grants.getByRole('combobox', { name: /^Role/ }).selectOption({ label: 'referent agendy' });
  await grants.getByRole('combobox', { name: /^Komu/ }).selectOption({ label: 'osoba' });
  await grants.getByLabel('Uživatelské jméno, skupina nebo role').fill('triha');
  await grants.getByRole('button', { name: 'Přidělit' }).click();
  await expect(grants.getByRole('listitem').filter({ hasText: 'Tomáš Říha' })).toContainText('referent agendy');
  await expectNoSeriousViolations(page, 'roles and documents');
  await page.getByRole('button', { name: 'Upravit šablonu „Cestovní příkaz“' }).click();
  await expect(page.getByLabel('Šablona „Cestovní příkaz“ (bloky JSON)')).toBeVisible();
  await page.getByText('Zástupné symboly z formuláře').click();
  await expect(page.getByText('{{money:estimatedCost}}')).toBeVisible();
  const pdf = page.waitForResponse((r) => r.url().includes('/templates/travel-order/preview'));
  await page.getByRole('button', { name: 'Náhled PDF' }).click();
  const response = await pdf;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/pdf');
  await logOut(page, 'Lucie Černá');

  // 7. An employee files a trip over 10 000 Kč.
  await logIn(page, 'jnovak', 'Jan Novák');
  await page.getByRole('navigation').getByRole('link', { name: 'Nová žádost' }).click();
  await page.getByLabel('Hledat agendu').fill('pracovní cestu');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Žádost o pracovní cestu' }) });
  await card.getByRole('link', { name: 'Vyplnit žádost' }).click();
  await expect(page).toHaveURL(/\/nova-zadost\/pracovni-cesta/);
  await page.getByLabel('Místo cesty').fill('Praha, Ministerstvo vnitra');
  await page.getByLabel('Termín – od').fill(dateIn(20));
  await page.getByLabel('Termín – do').fill(dateIn(21));
  await page.getByLabel('Doprava').selectOption({ label: 'Vlak' });
  await page.getByLabel('Předpokládané náklady').fill('15000');
  await expect(page.locator('ag-save-status')).toContainText('Uloženo');
  const draftBadge = page.getByText(/^Koncept /);
  await expect(draftBadge).toBeVisible();
  const reference = ((await draftBadge.textContent()) ?? '').replace('Koncept', '').trim();
  await page.getByRole('button', { name: 'Odeslat ke schválení' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Odeslat ke schválení' }).click();
  await expect(page).toHaveURL(/\/zadosti\/[0-9a-f-]{36}$/);
  const detailUrl = page.url();
  await expect(page.locator('ag-state-chip').first()).toHaveText('Ke schválení');
  await logOut(page, 'Jan Novák');

  // 8. The head of the department approves; over 10 000 Kč it goes on to the director, who approves.
  for (const [user, name, after] of [
    ['jdvorakova', 'Jana Dvořáková', 'Schválení ředitelem'],
    ['pstastny', 'Petr Šťastný', 'Schváleno'],
  ] as const) {
    await logIn(page, user, name);
    await page.goto(detailUrl);
    await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
    await page.getByRole('button', { name: 'Schválit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Schválit' });
    await dialog.getByRole('button', { name: 'Schválit' }).click();
    await expect(page.locator('ag-state-chip').first()).toHaveText(after);
    await logOut(page, name);
  }

  // 9. The employee sees the trip approved.
  await logIn(page, 'jnovak', 'Jan Novák');
  await page.goto(detailUrl);
  await expect(page.locator('ag-state-chip').first()).toHaveText('Schváleno');
  expect(pageErrors).toEqual([]);
});

/**
 * Issue 19, "work is never routed to nobody", as the agenda administrator sees it: an agenda whose
 * inspection step belongs to a role no directory group fills. Publishing lists the hole, the
 * vacancies page shows it in the agenda's words, and once a request reaches the step the alert in
 * the bell leads to that request on the page, with the fallback (the filer's head of department).
 */
test('an agenda administrator sees roles nobody can act for: publish warnings, the vacancies page and the alert in the bell', async ({ page }) => {
  test.setTimeout(180_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const code = 'kontrola-obsazeni';
  const definition = {
    code,
    version: 1,
    name: { cs: 'Kontrola obsazení', en: 'Staffing check' },
    description: { cs: 'Zkušební agenda s rolí, kterou nikdo nezastává.', en: 'A test agenda with a role nobody holds.' },
    roles: [{ code: 'kontrolor', name: { cs: 'Kontrolor/ka', en: 'Inspector' }, directoryGroups: ['KULK-Kontrolori-nikdo'] }],
    form: {
      schema: { type: 'object', additionalProperties: false, required: ['subject'], properties: { subject: { type: 'string', minLength: 1, maxLength: 200 } } },
      ui: { sections: [{ id: 'main', title: { cs: 'Žádost', en: 'Request' }, fields: ['subject'] }], fields: { subject: { label: { cs: 'Předmět', en: 'Subject' } } } },
    },
    workflow: {
      initial: 'draft',
      start: { who: [{ role: 'employee' }] },
      states: [
        { id: 'draft', label: { cs: 'Rozpracováno', en: 'Draft' }, assignTo: [{ filer: true }] },
        { id: 'inspection', label: { cs: 'Kontrola kontrolorem', en: 'Inspection' }, assignTo: [{ role: 'kontrolor' }] },
        { id: 'approved', label: { cs: 'Schváleno', en: 'Approved' }, final: true, outcome: 'approved' },
        { id: 'withdrawn', label: { cs: 'Vzato zpět', en: 'Withdrawn' }, final: true, outcome: 'withdrawn' },
      ],
      transitions: [
        { name: 'save', label: { cs: 'Uložit rozpracované', en: 'Save draft' }, from: 'draft', to: 'draft', who: [{ filer: true }], editableFields: ['*'], validation: 'partial' },
        { name: 'submit', label: { cs: 'Odeslat ke kontrole', en: 'Send for inspection' }, from: 'draft', to: 'inspection', who: [{ filer: true }], editableFields: ['*'], style: 'primary' },
        { name: 'approve', label: { cs: 'Schválit', en: 'Approve' }, from: 'inspection', to: 'approved', who: [{ role: 'kontrolor' }], style: 'primary' },
        { name: 'withdraw', label: { cs: 'Vzít zpět', en: 'Withdraw' }, from: 'inspection', to: 'withdrawn', who: [{ filer: true }] },
      ],
    },
    documents: [],
    records: { fileMark: '1.1', retention: { sign: 'S', years: 5 } },
  };

  // 1. Publishing lists the role nobody holds, by the state's label and the role's name.
  await logIn(page, 'lcerna', 'Lucie Černá');
  await (await api(page)).post('/api/v1/admin/agendas', definition);
  await page.goto(`/administrace/agendy/${code}`);
  await expect(page.getByRole('heading', { level: 1, name: /Kontrola obsazení/ })).toBeVisible();
  await page.getByRole('button', { name: 'Zveřejnit', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Verze je zveřejněna' })).toContainText('nikdo nemůže jednat');
  const warnings = page.getByRole('region', { name: 'Neobsazené role ve zveřejněné verzi' });
  await expect(warnings.getByRole('listitem').first()).toContainText('Ve stavu „Kontrola kontrolorem“');
  await expect(warnings).toContainText('„Kontrolor/ka“ nikdo nezastává');
  await expect(warnings).not.toContainText('role:kontrolor');
  await expectNoSeriousViolations(page, 'designer publish warnings');

  // 2. The vacancies page, reached from the warnings: the agenda's hole in the directory.
  await warnings.getByRole('link', { name: 'Přehled neobsazených rolí' }).click();
  await expect(page).toHaveURL(new RegExp(`/administrace/neobsazene-role\\?agenda=${code}`));
  await expect(page.getByRole('heading', { level: 1, name: 'Neobsazené role' })).toBeVisible();
  const section = page.getByRole('region', { name: 'Kontrola obsazení' });
  const directory = section.getByRole('table', { name: /Role a místa agendy Kontrola obsazení/ });
  await expect(directory.getByRole('row').filter({ hasText: 'Kontrola kontrolorem' })).toContainText('„Kontrolor/ka“ nikdo nezastává');
  await expect(section).toContainText('Žádná běžící žádost nečeká na náhradníka.');
  await expectNoSeriousViolations(page, 'vacancies page (one agenda)');
  // The whole page, from the administration's landing page.
  await page.getByRole('link', { name: 'Zpět na seznam agend' }).click();
  await page.getByRole('link', { name: /^Neobsazené role/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Agend s neobsazenou rolí' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Kontrola obsazení' })).toBeVisible();
  await expectNoSeriousViolations(page, 'vacancies page');
  await logOut(page, 'Lucie Černá');

  // 3. An employee files a request; it reaches the inspection nobody can do.
  await logIn(page, 'jnovak', 'Jan Novák');
  const filer = await api(page);
  const draft = await filer.post('/api/v1/requests', { agenda: code, data: { subject: 'Kontrola obsazení role' } });
  const submitted = await filer.post(`/api/v1/requests/${draft.id}/transitions`, { transition: 'submit', expectedVersion: draft.version });
  expect(submitted.state.id).toBe('inspection');
  await logOut(page, 'Jan Novák');

  // 4. The administrator's bell: the alert opens the vacancies page on that request, which takes the focus.
  await logIn(page, 'lcerna', 'Lucie Černá');
  const bell = page.getByRole('button', { name: /^Oznámení/ });
  const alert = page.locator('#notification-panel .panel__open', { hasText: 'Za roli „Kontrolor/ka“ nemůže nikdo jednat' });
  await expect(async () => {
    if ((await bell.getAttribute('aria-expanded')) === 'true') await bell.click();
    await bell.click();
    await expect(alert).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await alert.click();
  await expect(page).toHaveURL(new RegExp(`/administrace/neobsazene-role\\?zadost=${draft.id}`));
  const requests = page.getByRole('region', { name: 'Kontrola obsazení' }).getByRole('table', { name: /Běžící žádosti agendy Kontrola obsazení/ });
  const row = requests.getByRole('row').filter({ hasText: draft.reference });
  await expect(row).toContainText('Kontrola kontrolorem');
  await expect(row).toContainText('Role „Kontrolor/ka“');
  await expect(row).toContainText('nikdo tuto funkci nezastává');
  await expect(row).toContainText('Jana Dvořáková (vedoucí odboru podatele)');
  await expect(row).toContainText('z oznámení');
  await expect(row.getByRole('link', { name: draft.reference })).toBeFocused();
  await expectNoSeriousViolations(page, 'vacancies page with a request');
  await logOut(page, 'Lucie Černá');

  // 5. Leave nothing in the head of department's inbox for the journeys that follow.
  await logIn(page, 'jnovak', 'Jan Novák');
  const current = await (await api(page)).get(`/api/v1/requests/${draft.id}`);
  await (await api(page)).post(`/api/v1/requests/${draft.id}/transitions`, { transition: 'withdraw', expectedVersion: current.version });
  expect(pageErrors).toEqual([]);
});
