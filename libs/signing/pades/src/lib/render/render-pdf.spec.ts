import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { renderPdf } from './render-pdf';
import { wrapText } from './text-layout';

const PANGRAM = 'Příliš žluťoučký kůň úpěl ďábelské ódy';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agendy-render-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdftotext(pdf: Uint8Array, name: string, args: string[] = []): string {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
}

describe('renderPdf', () => {
  it('renders Czech text that pdftotext extracts exactly', async () => {
    const pdf = await renderPdf({
      office: { name: 'Krajský úřad Testovacího kraje', department: 'Odbor školství', addressLines: ['Náměstí Míru 1, 120 00 Praha 2'] },
      title: 'Rozhodnutí o poskytnutí dotace',
      referenceNumber: 'KUTK/1234/2026',
      fileMark: 'SZ/55/2026/ŠKO',
      date: new Date('2026-11-27T10:00:00Z'),
      blocks: [
        { type: 'paragraph', text: PANGRAM },
        { type: 'keyValue', rows: [{ label: 'Žadatel', value: 'Obec Dolní Újezd' }, { label: 'Částka', value: '125 000 Kč' }] },
      ],
    });
    const text = pdftotext(pdf, 'czech.pdf');
    expect(text.split('\n')).toContain(PANGRAM);
    expect(text).toContain('Krajský úřad Testovacího kraje');
    expect(text).toContain('Č. j.: KUTK/1234/2026');
    expect(text).toContain('Sp. zn.: SZ/55/2026/ŠKO');
    expect(text).toContain('Datum: 27. 11. 2026');
    expect(text).toContain('Strana 1 z 1');
    const fonts = execFileSync('pdffonts', [join(dir, 'czech.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans/);
    // every font embedded and with a ToUnicode map (pdf-lib subsets without the ABCDEF+ name tag)
    const rows = fonts.split('\n').slice(2).filter((l) => l.trim());
    expect(rows.length).toBe(2);
    for (const row of rows) expect(row).toMatch(/Identity-H\s+yes\s+(yes|no)\s+yes/);
  });

  it('breaks long tables across pages, repeats the header and numbers the pages', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`${i + 1}`, `Položka číslo ${i + 1} – učebnice a pomůcky`, `${(i + 1) * 10} Kč`]);
    const pdf = await renderPdf({
      office: { name: 'Krajský úřad' },
      title: 'Příloha – rozpočet',
      documentId: '3f2b8c4e-1111-4a5b-9c0d-123456789abc',
      blocks: [{ type: 'table', columns: [{ header: 'Č.', width: 0.5 }, { header: 'Položka', width: 4 }, { header: 'Částka', width: 1.5, align: 'right' }], rows }],
    });
    const doc = await PDFDocument.load(pdf);
    const pages = doc.getPageCount();
    expect(pages).toBeGreaterThan(2);
    const text = pdftotext(pdf, 'table.pdf');
    expect(text).toContain(`Strana ${pages} z ${pages}`);
    expect(text).toContain('Položka číslo 120 – učebnice a pomůcky');
    expect(text).toContain('ID dokumentu: 3f2b8c4e-1111-4a5b-9c0d-123456789abc');
    const lastPage = pdftotext(pdf, 'table-last.pdf', ['-f', String(pages), '-l', String(pages)]);
    expect(lastPage).toContain('Položka'); // header repeated
    // XMP + document id
    const meta = doc.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream;
    const xmp = Buffer.from(meta.contents).toString('utf8');
    expect(xmp).toContain('uuid:3f2b8c4e-1111-4a5b-9c0d-123456789abc');
    expect(xmp).toContain('Příloha – rozpočet');
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/\/ID \[ ?<3F2B8C4E11114A5B9C0D123456789ABC>/);
  });

  it('wraps text to the width', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont('Helvetica');
    const lines = wrapText('a'.repeat(50) + ' bb cc', font, 10, 100);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(font.widthOfTextAtSize(l, 10)).toBeLessThanOrEqual(100);
  });
});
