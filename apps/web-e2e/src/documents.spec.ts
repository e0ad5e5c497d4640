import { expect, test } from './support/test';
import { expectNoSeriousViolations, logIn, screenshot } from './support/web';

/**
 * Documents and signatures (issue 7) in the browser: an employee gets a signing certificate from
 * the office CA and revokes it; any PDF can be checked for signatures. The signing itself (PDF in
 * the dialog, password, seal, timestamp) is covered end to end by
 * apps/system-tests/src/documents.integration-spec.ts with pdfsig and openssl.
 */

// The smallest well-formed PDF with no signature (one empty page).
function unsignedPdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

test('an employee requests and revokes a signing certificate and validates PDFs', async ({ page }) => {
  await logIn(page, 'triha', 'Tomáš Říha');
  await page.goto('/dokumenty');
  await expect(page.getByRole('heading', { level: 1, name: 'Dokumenty a podpisy' })).toBeVisible();
  const certificate = page.getByRole('region', { name: 'Můj podpisový certifikát' });
  await expect(certificate.getByText('Zatím nemáte podpisový certifikát')).toBeVisible();
  await expectNoSeriousViolations(page, 'documents');

  await certificate.getByRole('button', { name: 'Vydat certifikát' }).click();
  await expect(certificate.getByRole('status')).toHaveText('Certifikát byl vydán.');
  await expect(certificate.getByText('CN=Tomáš Říha')).toBeVisible();
  await expect(certificate.getByText('platný', { exact: true })).toBeVisible();
  await screenshot(page, 'documents-certificate');

  page.once('dialog', (d) => void d.accept());
  await certificate.getByRole('button', { name: 'Zneplatnit certifikát' }).click();
  await expect(certificate.getByRole('status')).toHaveText('Certifikát byl zneplatněn.');
  await expect(certificate.getByText('zneplatněný', { exact: true })).toBeVisible();
  await expect(certificate.getByRole('button', { name: 'Vydat certifikát' })).toBeVisible();

  const validation = page.getByRole('region', { name: 'Ověřit podpisy v PDF' });
  await validation.getByLabel('Soubor PDF').setInputFiles({ name: 'bez-podpisu.pdf', mimeType: 'application/pdf', buffer: unsignedPdf() });
  await validation.getByRole('button', { name: 'Ověřit' }).click();
  await expect(validation.getByRole('status')).toHaveText('Dokument neobsahuje žádný podpis.');

  await validation.getByLabel('Soubor PDF').setInputFiles({ name: 'obrazek.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
  await validation.getByRole('button', { name: 'Ověřit' }).click();
  await expect(validation.getByRole('alert')).toHaveText('Soubor není čitelné PDF.');
  await expectNoSeriousViolations(page, 'documents-validation');
});
