import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { certificateFields } from '../cms/certificate';
import { children, content, readTlv } from '../cms/der';
import { OID } from '../cms/oids';
import { parseSignedData } from '../cms/parse';
import { encryptedKeyProvider, encryptPrivateKey } from '../keys/encrypted-key-provider';
import { KeyObjectProvider } from '../keys/key-provider';
import { pkcs12Provider } from '../keys/pkcs12-provider';
import { renderPdf } from '../render/render-pdf';
import { validatePdfSignatures } from '../validate/validate-pdf';
import { appendIncrementalUpdate, readXrefTail } from './incremental';
import { signPdf } from './sign-pdf';
import { createTestPki, extractSignatures, opensslCmsVerify, pdfsig, startTestTsa, TestPki, TestSigner } from '../../testing/test-pki';

jest.setTimeout(120_000);

let pki: TestPki;
let tsa: Awaited<ReturnType<typeof startTestTsa>>;
let director: TestSigner;
let deputy: TestSigner;
let clerk: TestSigner;
let basePdf: Uint8Array;

beforeAll(async () => {
  pki = createTestPki();
  director = pki.signer('Ing. Řehoř Žďárský');
  deputy = pki.signer('Mgr. Jiří Dvořák');
  clerk = pki.signer('Anežka Šťastná', { ec: true });
  tsa = await startTestTsa(pki);
  basePdf = await renderPdf({
    office: { name: 'Krajský úřad Testovacího kraje', department: 'Odbor legislativy' },
    title: 'Vnitřní předpis č. 7/2026',
    referenceNumber: 'KUTK/777/2026',
    blocks: [{ type: 'paragraph', text: 'Příliš žluťoučký kůň úpěl ďábelské ódy' }],
  });
});

afterAll(async () => {
  await tsa?.close();
  pki?.cleanup();
});

const provider = (s: TestSigner) => KeyObjectProvider.fromPem(s.keyPem, s.chain);

/** pdfsig + openssl cms -cades + own validator must all accept every signature. */
async function expectAllValid(pdf: Uint8Array, count: number, tag: string): Promise<void> {
  const out = pdfsig(pki, pdf, `${tag}.pdf`);
  expect(out).not.toMatch(/Digest Mismatch/);
  expect(out.match(/Signature is Valid\./g)?.length).toBe(count);
  expect(out.match(/Certificate is Trusted\./g)?.length).toBe(count);
  const sigs = extractSignatures(pdf);
  expect(sigs).toHaveLength(count);
  sigs.forEach((s, i) => {
    const r = opensslCmsVerify(pki, s, `${tag}-${i}`);
    expect(r.output).toContain('Verification successful');
    expect(r.ok).toBe(true);
  });
  const report = await validatePdfSignatures(pdf, { trustedRoots: [pki.caPem] });
  expect(report.signatures).toHaveLength(count);
  for (const s of report.signatures) expect({ i: s.index, errors: s.errors, valid: s.valid }).toEqual({ i: s.index, errors: [], valid: true });
  expect(report.valid).toBe(true);
}

describe('signPdf — PAdES B-B', () => {
  it('appends an incremental update, keeps the original bytes and verifies in pdfsig, openssl and the validator', async () => {
    const signed = await signPdf(basePdf, {
      keyProvider: provider(director),
      name: director.name,
      role: 'ředitel krajského úřadu',
      reason: 'Schválení vnitřního předpisu',
      location: 'Praha',
      visible: { page: 0, rect: [320, 90, 540, 160] },
    });
    expect(Buffer.from(signed.subarray(0, basePdf.length)).equals(Buffer.from(basePdf))).toBe(true);
    const tail = Buffer.from(signed.subarray(basePdf.length)).toString('latin1');
    expect(tail).toMatch(/\/Prev \d+/);
    expect(tail).toContain('/SubFilter /ETSI.CAdES.detached');
    await expectAllValid(signed, 1, 'bb1');
    const out = pdfsig(pki, signed, 'bb1-total.pdf');
    expect(out).toContain('Signer Certificate Common Name: Ing. Řehoř Žďárský');
    expect(out).toContain('Total document signed');
    // visible block text is extractable
    const file = join(pki.dir, 'bb1-text.pdf');
    writeFileSync(file, signed);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Elektronicky podepsal(a): Ing. Řehoř Žďárský');
    expect(text).toContain('ředitel krajského úřadu');
  });

  it('writes content-type, message-digest and a non-empty signing-certificate-v2 with the cert hash', async () => {
    const signed = await signPdf(basePdf, { keyProvider: provider(director), name: director.name });
    const [sig] = extractSignatures(signed);
    const sd = parseSignedData(sig.cms);
    const si = sd.signerInfos[0];
    expect([...si.signedAttrs.keys()].sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    const v = si.signedAttrs.get(OID.signingCertificateV2)?.[0] as Buffer;
    const [certs] = children(v, readTlv(v));
    const [essCertId] = children(v, certs);
    const [hash] = children(v, essCertId);
    expect(Buffer.from(content(v, hash))).toEqual(createHash('sha256').update(director.certDer).digest());
    // Czech subject is encoded as UTF8String
    const subject = certificateFields(director.certDer).subject;
    expect(subject.includes(Buffer.concat([Buffer.from([0x0c]), Buffer.from([Buffer.byteLength(director.name)]), Buffer.from(director.name)]))).toBe(true);
  });

  it('three signers in order (PKCS#12, encrypted key with deputy, EC key): every signature stays valid', async () => {
    const p12 = pkcs12Provider(readFileSync(director.p12Path), director.p12Password);
    const kek = Buffer.alloc(32, 7);
    const sealed = encryptPrivateKey(deputy.keyPem, kek, 'user-42');
    let pdf = await signPdf(basePdf, { keyProvider: p12, name: director.name, role: 'ředitel', visible: { page: 0, rect: [40, 90, 200, 160] } });
    pdf = await signPdf(pdf, {
      keyProvider: encryptedKeyProvider(sealed, kek, deputy.chain),
      name: deputy.name,
      role: 'zástupce ředitele',
      onBehalfOf: 'Ing. Marie Nováková',
      visible: { page: -1, rect: [210, 90, 380, 160] },
    });
    const before3 = pdf;
    pdf = await signPdf(pdf, { keyProvider: provider(clerk), name: clerk.name });
    expect(Buffer.from(pdf.subarray(0, before3.length)).equals(Buffer.from(before3))).toBe(true);
    await expectAllValid(pdf, 3, 'bb3');
    const report = await validatePdfSignatures(pdf, { trustedRoots: [pki.caDer] });
    expect(report.signatures.map((s) => s.signer?.commonName)).toEqual([director.name, deputy.name, clerk.name]);
    expect(report.signatures.map((s) => s.coversWholeDocument)).toEqual([false, false, true]);
    expect(report.signatures.map((s) => s.modificationsAfterSigning.onlySignaturesAndAnnotations)).toEqual([true, true, true]);
    expect(report.signatures.map((s) => s.level)).toEqual(['PAdES-B-B', 'PAdES-B-B', 'PAdES-B-B']);
    const file = join(pki.dir, 'bb3-text.pdf');
    writeFileSync(file, pdf);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('v zastoupení Ing. Marie Nováková');
  });

  it('signs a PDF with object streams / xref stream (pdf-lib default save)', async () => {
    const d = await PDFDocument.create();
    d.addPage().drawText('Hello');
    const original = await d.save({ useObjectStreams: true });
    const signed = await signPdf(original, { keyProvider: provider(deputy), name: deputy.name });
    await expectAllValid(signed, 1, 'objstm');
  });

  it('a flipped byte in a signed range is reported by pdfsig, openssl and the validator', async () => {
    const signed = Buffer.from(await signPdf(basePdf, { keyProvider: provider(director), name: director.name }));
    const [sig] = extractSignatures(signed);
    const pos = Math.floor(sig.byteRange[1] / 2); // inside the first signed range
    signed[pos] ^= 0x01;
    const out = pdfsig(pki, signed, 'tampered.pdf');
    expect(out).toMatch(/Digest Mismatch/);
    expect(out).not.toMatch(/Signature is Valid\./);
    const [tampered] = extractSignatures(signed);
    expect(opensslCmsVerify(pki, tampered, 'tampered').ok).toBe(false);
    const report = await validatePdfSignatures(signed, { trustedRoots: [pki.caPem] });
    expect(report.valid).toBe(false);
    expect(report.signatures[0].digestValid).toBe(false);
    expect(report.signatures[0].errors.join()).toMatch(/digest mismatch/);
  });

  it('the validator flags content changed in a later revision and untrusted roots', async () => {
    const signed = Buffer.from(await signPdf(basePdf, { keyProvider: provider(director), name: director.name }));
    // attacker's incremental update: replace the page content
    const doc = await PDFDocument.load(signed, { updateMetadata: false });
    const tail = readXrefTail(signed);
    doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, tail.size - 1);
    const page = doc.getPage(0);
    const stream = doc.context.register(doc.context.flateStream('BT /F1 12 Tf 72 700 Td (Zmeneno) Tj ET'));
    page.node.set(PDFName.of('Contents'), stream);
    const { bytes } = appendIncrementalUpdate(signed, doc, tail, [
      { ref: page.ref, body: page.node },
      { ref: stream as PDFRef, body: doc.context.lookup(stream) as never },
    ]);
    const report = await validatePdfSignatures(bytes, { trustedRoots: [pki.caPem] });
    const s = report.signatures[0];
    expect(s.digestValid).toBe(true); // the signed revision itself is intact …
    expect(s.coversRevision).toBe(true);
    expect(s.coversWholeDocument).toBe(false);
    expect(s.modificationsAfterSigning.onlySignaturesAndAnnotations).toBe(false); // … but the page was changed later
    expect(s.modificationsAfterSigning.changes.join()).toMatch(/MODIFIED Page/);
    expect(s.valid).toBe(false);

    const otherRoot = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=Jiná CA', '-days', '1'], {
      encoding: 'utf8',
    }).stdout;
    const untrusted = await validatePdfSignatures(signed, { trustedRoots: [otherRoot] });
    expect(untrusted.signatures[0].signatureValid).toBe(true);
    expect(untrusted.signatures[0].chain.trusted).toBe(false);
    expect(untrusted.valid).toBe(false);
  });
});

describe('signPdf — PAdES B-T (RFC 3161 timestamp)', () => {
  it('one and three timestamped signatures verify; the token verifies with openssl ts', async () => {
    const one = await signPdf(basePdf, { keyProvider: provider(director), name: director.name, tsaUrl: tsa.url });
    await expectAllValid(one, 1, 'bt1');
    const [sig] = extractSignatures(one);
    const si = parseSignedData(sig.cms).signerInfos[0];
    const token = si.unsignedAttrs.get(OID.signatureTimeStampToken)?.[0] as Buffer;
    expect(token).toBeDefined();
    const tokenFile = join(pki.dir, 'token.der');
    writeFileSync(tokenFile, token);
    const digest = createHash('sha256').update(si.signature).digest('hex');
    const ts = spawnSync(
      'openssl',
      ['ts', '-verify', '-token_in', '-in', tokenFile, '-digest', digest, '-CAfile', pki.caPath, '-untrusted', pki.tsaCertPath],
      { encoding: 'utf8' },
    );
    expect(`${ts.stdout}${ts.stderr}`).toContain('Verification: OK');

    let three = await signPdf(basePdf, { keyProvider: provider(director), name: director.name, tsaUrl: tsa.url, visible: { page: 0, rect: [40, 90, 200, 160] } });
    three = await signPdf(three, { keyProvider: provider(deputy), name: deputy.name, tsaUrl: tsa.url, onBehalfOf: director.name });
    three = await signPdf(three, { keyProvider: provider(clerk), name: clerk.name, tsaUrl: tsa.url });
    await expectAllValid(three, 3, 'bt3');
    const report = await validatePdfSignatures(three, { trustedRoots: [pki.caPem] });
    expect(report.signatures.map((s) => s.level)).toEqual(['PAdES-B-T', 'PAdES-B-T', 'PAdES-B-T']);
    expect(report.signatures.every((s) => s.timestamp?.valid && s.timestamp.time instanceof Date)).toBe(true);
  });

  it('a tampered B-T document fails everywhere', async () => {
    const signed = Buffer.from(await signPdf(basePdf, { keyProvider: provider(director), name: director.name, tsaUrl: tsa.url }));
    const [sig] = extractSignatures(signed);
    const m = signed.indexOf('/M (D:', sig.byteRange[2], 'latin1'); // second signed range: the claimed time
    signed[m + 6] ^= 0x01;
    expect(pdfsig(pki, signed, 'bt-tampered.pdf')).toMatch(/Digest Mismatch/);
    expect(opensslCmsVerify(pki, extractSignatures(signed)[0], 'bt-tampered').ok).toBe(false);
    expect((await validatePdfSignatures(signed, { trustedRoots: [pki.caPem] })).valid).toBe(false);
  });
});
