import { PDFDocument } from 'pdf-lib';
import { KeyObjectProvider } from '../keys/key-provider';
import { renderPdf } from '../render/render-pdf';
import { validatePdfSignatures } from '../validate/validate-pdf';
import { createTestPki, extractSignatures, opensslCmsVerify, TestPki } from '../../testing/test-pki';
import { readXrefTail } from './incremental';
import { openLazily } from './lazy-load';
import { signPdf } from './sign-pdf';

jest.setTimeout(60_000);
let pki: TestPki;
let pdf: Buffer;
beforeAll(async () => {
  pki = createTestPki('agendy-lazy-');
  pdf = Buffer.from(
    await renderPdf({
      office: { name: 'Úřad' },
      title: 'Líné načtení',
      blocks: [{ type: 'table', columns: [{ header: 'A' }], rows: Array.from({ length: 90 }, (_, i) => [`řádek ${i}`]) }],
    }),
  );
});
afterAll(() => pki?.cleanup());

describe('openLazily', () => {
  it('serves the same catalog and pages as a full parse, parsing only what is looked up', async () => {
    const lazy = openLazily(pdf, readXrefTail(pdf));
    expect(lazy).toBeDefined();
    const full = await PDFDocument.load(pdf, { updateMetadata: false });
    const lazyPages = (lazy as PDFDocument).getPages();
    expect(lazyPages.map((p) => p.ref.toString())).toEqual(full.getPages().map((p) => p.ref.toString()));
    expect(lazyPages[1].getSize()).toEqual(full.getPages()[1].getSize());
    expect((lazy as PDFDocument).context.enumerateIndirectObjects().length).toBeLessThan(full.context.enumerateIndirectObjects().length);
  });

  it('declines xref-stream files', async () => {
    const d = await PDFDocument.create();
    d.addPage();
    const bytes = Buffer.from(await d.save({ useObjectStreams: true }));
    expect(openLazily(bytes, readXrefTail(bytes))).toBeUndefined();
  });

  it('falls back to the full parse when an xref offset is wrong', async () => {
    const full = await PDFDocument.load(pdf, { updateMetadata: false });
    const pageNum = full.getPage(0).ref.objectNumber;
    const broken = Buffer.from(pdf);
    const { startxref } = readXrefTail(broken);
    const header = /^xref\s+0\s+\d+\s+/.exec(broken.toString('latin1', startxref, startxref + 40)) as RegExpExecArray;
    broken.write('0000000000', startxref + header[0].length + 20 * pageNum, 'latin1'); // page entry -> offset 0
    const s = pki.signer('Lída Líná');
    const signed = await signPdf(broken, { keyProvider: KeyObjectProvider.fromPem(s.keyPem, s.chain), name: s.name });
    expect(Buffer.from(signed.subarray(0, broken.length)).equals(broken)).toBe(true);
    expect(opensslCmsVerify(pki, extractSignatures(signed)[0], 'lazy').ok).toBe(true);
    const report = await validatePdfSignatures(signed, { trustedRoots: [pki.caPem] });
    expect(report.signatures[0].digestValid && report.signatures[0].signatureValid).toBe(true);
  });
});
