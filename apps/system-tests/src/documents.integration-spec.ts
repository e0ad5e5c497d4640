import type { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestUser, eventually, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, truncateAll, userId } from '@agendy/server/testing';
import { DocumentEffectHandlers, DocumentGenerator } from '@agendy/server/feature-documents';
import { derToPem, pkcs12Provider, signPdf } from '@agendy/signing/pades';
/* eslint-disable @nx/enforce-module-boundaries -- the pades library's test PKI, local TSA and verifier wrappers */
import { parseSignedData } from '../../../libs/signing/pades/src/lib/cms/parse';
import { OID } from '../../../libs/signing/pades/src/lib/cms/oids';
import { createTestPki, extractSignatures, startTestTsa, TestPki, TestSigner } from '../../../libs/signing/pades/src/testing/test-pki';
/* eslint-enable @nx/enforce-module-boundaries */
import { RunningSystem, startSystem } from './support/system';

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';

/**
 * Documents and signatures end to end: api + worker in-process, PostgreSQL, Redis, a local RFC 3161
 * TSA, the office seal on a softhsm2 token; every PDF is checked by poppler's pdfsig (trusting the
 * office CA and the test CA through an NSS db), openssl cms/ts and qpdf.
 */
describe('documents and signatures (api + worker + PostgreSQL + Redis + TSA + PKCS#11)', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;
  let pki: TestPki;
  let seal: TestSigner;
  let tsa: Awaited<ReturnType<typeof startTestTsa>>;
  const saved = { ...process.env };
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'agendy-doc-att-'));

  beforeAll(async () => {
    pki = createTestPki('agendy-doc-it-');
    tsa = await startTestTsa(pki);
    seal = pki.signer('Krajský úřad Testovacího kraje – elektronická pečeť');
    const tokens = join(pki.dir, 'tokens');
    mkdirSync(tokens);
    writeFileSync(join(pki.dir, 'softhsm2.conf'), `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const hsmEnv = { ...process.env, SOFTHSM2_CONF: join(pki.dir, 'softhsm2.conf') };
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'Pečeť', '--pin', '1234', '--so-pin', '5678'], { env: hsmEnv, stdio: 'ignore' });
    writeFileSync(join(pki.dir, 'seal.key'), seal.keyPem);
    execFileSync('softhsm2-util', ['--import', join(pki.dir, 'seal.key'), '--token', 'Pečeť', '--label', 'seal', '--id', '01', '--pin', '1234'], { env: hsmEnv, stdio: 'ignore' });
    writeFileSync(join(pki.dir, 'seal-chain.pem'), seal.chain.map((c) => derToPem(c)).join(''));
    // The token's configuration is read by softhsm2 inside OpenSSL's pkcs11 engine, not by our config.
    process.env['SOFTHSM2_CONF'] = hsmEnv.SOFTHSM2_CONF;
    system = await startSystem({
      ATTACHMENTS_DIR: attachmentsDir,
      PUBLIC_BASE_URL: 'https://agendy.test',
      TSA_URL: tsa.url,
      SEAL_PKCS11_MODULE: SOFTHSM,
      SEAL_PKCS11_KEY_URI: 'pkcs11:object=seal;type=private',
      SEAL_PKCS11_PIN: '1234',
      SEAL_CERT_FILE: join(pki.dir, 'seal-chain.pem'),
      SIGNING_TRUST_ANCHORS_FILE: pki.caPath,
    });
    ({ app, db } = system);
  });
  afterAll(async () => {
    await system?.stop();
    await tsa?.close();
    pki?.cleanup();
    process.env = saved;
    rmSync(attachmentsDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    // The freshly started worker's loops may hold locks for a moment: retry a deadlocked TRUNCATE.
    for (let attempt = 0; ; attempt++) {
      try {
        await truncateAll(db);
        break;
      } catch (e) {
        if (attempt >= 4 || !/deadlock/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
  });

  const post = (a: LoggedInAgent, url: string, body: object) => a.agent.post(url).set('X-XSRF-TOKEN', a.xsrf).send(body);
  const step = async (a: LoggedInAgent, id: string, transition: string, extra: Record<string, unknown> = {}) => {
    const current = await a.agent.get(`/api/v1/requests/${id}`).expect(200);
    const res = await post(a, `/api/v1/requests/${id}/transitions`, { transition, expectedVersion: current.body.version, ...extra });
    if (res.status !== 200) throw new Error(`${transition}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const vote = async (a: LoggedInAgent, id: string, v: 'approve' | 'reject') => {
    const current = await a.agent.get(`/api/v1/requests/${id}`).expect(200);
    const res = await post(a, `/api/v1/requests/${id}/transitions`, { transition: v, kind: 'vote', expectedVersion: current.body.version });
    if (res.status !== 200) throw new Error(`vote: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const binary = (res: { body: unknown }) => res.body as Buffer;
  const download = async (a: LoggedInAgent, documentId: string) =>
    binary(
      await a.agent
        .get(`/api/v1/documents/${documentId}/pdf`)
        .expect(200)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        }),
    );

  /** An NSS db and a CA bundle trusting the office CA (from the api) and the test CA (seal, TSA). */
  async function verifiers(a: LoggedInAgent): Promise<{ nss: string; bundle: string }> {
    const caPem = (await a.agent.get('/api/v1/pki/ca').expect(200).buffer(true)).text ?? '';
    const dir = mkdtempSync(join(pki.dir, 'trust-'));
    writeFileSync(join(dir, 'office.pem'), caPem);
    writeFileSync(join(dir, 'bundle.pem'), caPem + pki.caPem);
    execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'office', '-t', 'CT,C,C', '-i', join(dir, 'office.pem')]);
    execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'test', '-t', 'CT,C,C', '-i', pki.caPath]);
    return { nss: dir, bundle: join(dir, 'bundle.pem') };
  }

  function pdfsig(nss: string, pdf: Buffer, name: string): string {
    const file = join(pki.dir, name);
    writeFileSync(file, pdf);
    const r = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
    return `${r.stdout}${r.stderr}`;
  }

  /** pdfsig, openssl cms -verify -cades per signature, openssl ts -verify per timestamp, qpdf --check. */
  function checkExternally(pdf: Buffer, trust: { nss: string; bundle: string }, expected: number, tag: string): string {
    const out = pdfsig(trust.nss, pdf, `${tag}.pdf`);
    expect(out.match(/Signature #\d+:/g)).toHaveLength(expected);
    expect(out.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(expected);
    expect(out.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(expected);
    expect(out).not.toMatch(/Digest Mismatch|Certificate issuer isn't Trusted|Signature is Invalid/);
    expect(out).toContain('ETSI.CAdES.detached');
    extractSignatures(pdf).forEach((sig, i) => {
      const cms = join(pki.dir, `${tag}-${i}.p7s`);
      const data = join(pki.dir, `${tag}-${i}.bin`);
      writeFileSync(cms, sig.cms);
      writeFileSync(data, sig.signedBytes);
      const v = spawnSync('openssl', ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', cms, '-content', data, '-CAfile', trust.bundle, '-out', '/dev/null'], { encoding: 'utf8' });
      expect(v.status).toBe(0);
      expect(`${v.stdout}${v.stderr}`).toContain('CAdES Verification successful');
      const si = parseSignedData(sig.cms).signerInfos[0];
      const token = si.unsignedAttrs.get(OID.signatureTimeStampToken)?.[0] as Buffer | undefined;
      expect(token).toBeDefined();
      const tokenFile = join(pki.dir, `${tag}-${i}.tst`);
      writeFileSync(tokenFile, token as Buffer);
      const ts = spawnSync(
        'openssl',
        ['ts', '-verify', '-token_in', '-in', tokenFile, '-digest', createHash('sha256').update(si.signature).digest('hex'), '-CAfile', pki.caPath, '-untrusted', pki.tsaCertPath],
        { encoding: 'utf8' },
      );
      expect(`${ts.stdout}${ts.stderr}`).toContain('Verification: OK');
    });
    const file = join(pki.dir, `${tag}.pdf`);
    const q = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(q.status).toBe(0);
    expect(q.stdout).toContain('No syntax or stream encoding errors found');
    return out;
  }

  it('takes an internal regulation from draft to published with the director’s advanced signature, the office seal and a timestamp', async () => {
    await createTestUser(db, { username: 'pravnik', displayName: 'Petra Právní', groups: ['KULK-OLP-Pravnici'] });
    const [oinf]: Array<{ id: string }> = await db.query(`SELECT id FROM departments WHERE code = 'OINF'`);
    const filer = await loginAs(app, 'jnovak');
    const created = await post(filer, '/api/v1/requests', {
      agenda: 'internal-regulation',
      data: { regulationType: 'smernice', title: 'Směrnice o oběhu účetních dokladů', summary: 'Příliš žluťoučký kůň úpěl ďábelské ódy: nová úprava oběhu dokladů.', commentDepartments: [oinf.id], affectedEmployees: [await userId(db, 'triha')] },
    }).expect(201);
    const id: string = created.body.id;
    const up = await filer.agent.post(`/api/v1/requests/${id}/attachments?filename=smernice.pdf`).set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/octet-stream').send(Buffer.from('%PDF-1.7\n%%EOF\n')).expect(201);
    await step(filer, id, 'start-comment-round', { data: { draftDocument: [{ fileId: up.body.fileId, name: up.body.name }] } });
    await vote(await loginAs(app, 'jdvorakova'), id, 'approve');
    await step(await loginAs(app, 'pravnik'), id, 'legal-approve', { data: { legalOpinion: 'Návrh je v souladu se zákonem o účetnictví.' } });
    const director = await loginAs(app, 'pstastny');
    const signing = await step(director, id, 'approve', { data: { number: 'SM/3/2030', effectiveFrom: '2030-01-01' } });
    expect(signing.state.id).toBe('signing');

    // The worker generates the PDF and the signature order: the director first, then the seal.
    const docs = await eventually(async () => {
      const list = (await director.agent.get(`/api/v1/requests/${id}/documents`).expect(200)).body.items;
      return list.length && list[0].signatures.length === 2 ? list : undefined;
    }, 20_000, 'signature tasks');
    const doc = docs[0];
    expect(doc).toMatchObject({ templateCode: 'regulation', version: 1, status: 'signing', title: 'Směrnice č. SM/3/2030: Směrnice o oběhu účetních dokladů' });
    expect(doc.signatures.map((s: { level: string; status: string; canSign: boolean }) => [s.level, s.status, s.canSign])).toEqual([
      ['advanced', 'pending', true],
      ['seal', 'pending', false],
    ]);
    const unsigned = await download(filer, doc.id);
    const text = spawnSync('pdftotext', ['-', '-'], { input: unsigned, encoding: 'utf8' }).stdout;
    expect(text).toContain('Příliš žluťoučký kůň úpěl ďábelské ódy');
    expect(text).toContain('Strana 1 z 1');
    expect(text).toContain(created.body.reference);

    const task = doc.signatures[0].id;
    const sign = (a: LoggedInAgent, body: object) => post(a, `/api/v1/documents/${doc.id}/signatures/${task}`, body);
    // No certificate yet, then a wrong password, then someone whose turn it is not.
    expect((await sign(director, { password: 'demo' })).body.code).toBe('SIGNING_CERTIFICATE_MISSING');
    const cert = await post(director, '/api/v1/pki/me/certificate', {}).expect(201);
    expect(cert.body).toMatchObject({ purpose: 'employee', status: 'active', subject: expect.stringContaining('CN=Petr Šťastný') });
    expect((await post(director, '/api/v1/pki/me/certificate', {})).body.code).toBe('CERTIFICATE_EXISTS');
    const wrong = await sign(director, { password: 'nope' });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'SIGNATURE_CONFIRMATION_FAILED']);
    const notMine = await sign(filer, { password: 'demo' });
    expect([notMine.status, notMine.body.code]).toEqual([409, 'SIGNATURE_NOT_YOUR_TURN']);
    await createTestUser(db, { username: 'cizi', displayName: 'Cizí Úředník' });
    const stranger = await loginAs(app, 'cizi');
    expect((await sign(stranger, { password: 'demo' })).status).toBe(404);
    expect((await stranger.agent.get(`/api/v1/documents/${doc.id}/pdf`)).status).toBe(404);
    expect((await stranger.agent.get(`/api/v1/requests/${id}/documents`)).status).toBe(404);

    await sign(director, { password: 'demo' }).expect(204);
    // The worker applies the seal after the director's signature has committed.
    const after = await eventually(async () => {
      const body = (await director.agent.get(`/api/v1/requests/${id}`).expect(200)).body;
      return body.state.id === 'signing' ? undefined : body;
    }, 20_000, 'the seal and the system step');
    expect(after.state.id).toBe('acknowledgement');
    const signedDoc = (await filer.agent.get(`/api/v1/requests/${id}/documents`).expect(200)).body.items[0];
    expect(signedDoc.status).toBe('signed');
    expect(signedDoc.signatures.map((s: { status: string; signedBy: { displayName: string } | null }) => [s.status, s.signedBy?.displayName ?? null])).toEqual([
      ['signed', 'Petr Šťastný'],
      ['signed', null],
    ]);

    const pdf = await download(filer, doc.id);
    // Incremental updates: the generated bytes are the untouched prefix.
    expect(pdf.subarray(0, unsigned.length).equals(unsigned)).toBe(true);
    const trust = await verifiers(filer);
    const out = checkExternally(pdf, trust, 2, 'regulation');
    expect(out).toContain('Petr Šťastný');
    expect(out).toContain('elektronická pečeť');
    expect(tsa.requests).toBeGreaterThanOrEqual(2);

    const report = (await filer.agent.post('/api/v1/signatures/validate').set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/pdf').send(pdf).expect(200)).body;
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s: { level: string; chainTrusted: boolean; coversWholeDocument: boolean; timestamp: { valid: boolean } }) => [s.level, s.chainTrusted, s.timestamp?.valid])).toEqual([
      ['PAdES-B-T', true, true],
      ['PAdES-B-T', true, true],
    ]);
    expect(report.signatures[1].coversWholeDocument).toBe(true);

    // A flipped byte inside the signed range breaks the document for us and for pdfsig.
    const tampered = Buffer.from(pdf);
    const at = unsigned.length - 200;
    tampered[at] = tampered[at] ^ 0x01;
    const bad = (await filer.agent.post('/api/v1/signatures/validate').set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/pdf').send(tampered).expect(200)).body;
    expect(bad.valid).toBe(false);
    expect(bad.signatures.every((s: { digestValid: boolean }) => !s.digestValid)).toBe(true);
    expect(pdfsig(trust.nss, tampered, 'tampered.pdf')).toMatch(/Digest Mismatch|Signature is Invalid/);
    const notPdf = await filer.agent.post('/api/v1/signatures/validate').set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/pdf').send(Buffer.from('hello'));
    expect([notPdf.status, notPdf.body.code]).toEqual([422, 'PDF_INVALID']);

    // Revocation: the certificate joins the CRL served by the api.
    await director.agent.delete(`/api/v1/pki/certificates/${cert.body.id}`).set('X-XSRF-TOKEN', director.xsrf).send({ reason: 'test' }).expect(200);
    const crl = (await anonymousGet('/api/v1/pki/crl')) as Buffer;
    // Revoked after it signed: the signature stays valid, the report says the certificate is revoked now.
    const later = (await filer.agent.post('/api/v1/signatures/validate').set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/pdf').send(pdf).expect(200)).body;
    expect(later.signatures.map((s: { revocation: { status: string }; valid: boolean }) => [s.revocation.status, s.valid])).toEqual([
      ['revoked', true],
      ['unknown', true],
    ]);
    writeFileSync(join(pki.dir, 'office.crl'), crl);
    const crlText = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', join(pki.dir, 'office.crl'), '-noout', '-text'], { encoding: 'utf8' }).stdout;
    expect(crlText.replace(/\s/g, '')).toContain(`SerialNumber:${cert.body.serialNumber}`);

    // Exactly once per outbox row: a redelivered job changes nothing.
    const handlers = system.worker.get(DocumentEffectHandlers);
    const outbox: Array<{ id: string; type: string }> = await db.query(`SELECT id, effect->>'type' AS type FROM outbox WHERE request_id = $1 AND effect->>'type' IN ('generateDocument', 'requestSignatures')`, [id]);
    expect(outbox.map((o) => o.type).sort()).toEqual(['generateDocument', 'requestSignatures']);
    for (const o of outbox) {
      const again = o.type === 'generateDocument' ? await handlers.generateDocument({ outboxId: o.id }) : await handlers.requestSignatures({ outboxId: o.id });
      expect(again).toBe('already-processed');
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM documents WHERE request_id = $1`, [id]))[0].n).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM signature_tasks WHERE request_id = $1`, [id]))[0].n).toBe(2);
    // A signed document is never regenerated: a later generation is a new version that supersedes it.
    const generator = system.worker.get(DocumentGenerator);
    const v2 = await generator.ensure(id, 'regulation', `${id}/regulation@999`, null);
    expect(v2.version).toBe(2);
    const versions = (await filer.agent.get(`/api/v1/requests/${id}/documents`).expect(200)).body.items.map((d: { version: number; status: string; sha256: string }) => [d.version, d.status]);
    expect(versions).toEqual([
      [2, 'generated'],
      [1, 'superseded'],
    ]);
    expect((await download(filer, doc.id)).equals(pdf)).toBe(true);

    const audit: Array<{ action: string }> = await db.query(`SELECT action FROM audit_log WHERE object_type IN ('document', 'signing-certificate') ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['document.generate', 'pki.certificate.store', 'document.sign', 'document.seal', 'document.download', 'pki.certificate.revoke']));
  });

  it('three signers in order — two qualified signatures made outside Agendy, then the office seal — give three valid signatures', async () => {
    await createTestUser(db, { username: 'rozpocet', displayName: 'Radek Rozpočtový', department: 'OINF', groups: ['KULK-OE-SpravciRozpoctu'] });
    const filer = await loginAs(app, 'jnovak');
    const created = await post(filer, '/api/v1/requests', {
      agenda: 'contract-order',
      data: { documentType: 'smlouva', subject: 'Servis klimatizací v budovách A–D', counterpartyName: 'Klima Servis Liberec a.s.', counterpartyIco: '00262978', amountWithoutVat: 480000, vatRate: 21, budgetItem: '5171', validFrom: '2027-01-01', validTo: '2029-12-31' },
    }).expect(201);
    const id: string = created.body.id;
    const up = await filer.agent.post(`/api/v1/requests/${id}/attachments?filename=smlouva.pdf`).set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/octet-stream').send(Buffer.from('%PDF-1.7\n%%EOF\n')).expect(201);
    await step(filer, id, 'submit', { data: { draft: [{ fileId: up.body.fileId, name: up.body.name }] } });
    await step(await loginAs(app, 'jdvorakova'), id, 'approve-operation');
    await step(await loginAs(app, 'rozpocet'), id, 'confirm-budget');
    const director = await loginAs(app, 'pstastny');
    expect((await step(director, id, 'director-approve')).state.id).toBe('signing');
    const doc = await eventually(async () => {
      const list = (await filer.agent.get(`/api/v1/requests/${id}/documents`).expect(200)).body.items;
      return list.length && list[0].signatures.length === 3 ? list[0] : undefined;
    }, 20_000, 'signature tasks');
    expect(doc.signatures.map((s: { order: number; level: string }) => [s.order, s.level])).toEqual([
      [1, 'qualified'],
      [2, 'qualified'],
      [3, 'seal'],
    ]);
    // Each signer signs with their own (here: test CA) certificate in their own tool, and uploads the result.
    const novak = pki.signer('Jan Novák');
    const stastny = pki.signer('Petr Šťastný');
    const signElsewhere = (pdf: Buffer, who: TestSigner) => signPdf(pdf, { keyProvider: pkcs12Provider(readFileSync(who.p12Path), who.p12Password), name: who.name, tsaUrl: tsa.url }).then((b) => Buffer.from(b));
    const upload = (a: LoggedInAgent, task: string, pdf: Buffer) => a.agent.post(`/api/v1/documents/${doc.id}/signatures/${task}/signed-pdf`).set('X-XSRF-TOKEN', a.xsrf).set('Content-Type', 'application/pdf').send(pdf);
    const original = await download(filer, doc.id);
    expect((await post(filer, `/api/v1/documents/${doc.id}/signatures/${doc.signatures[0].id}`, { password: 'demo' })).body.code).toBe('QUALIFIED_SIGNATURE_REQUIRED');
    // The director may not sign before the filer; nobody may upload a signature of somebody else.
    expect((await upload(director, doc.signatures[1].id, await signElsewhere(original, stastny))).body.code).toBe('SIGNATURE_NOT_YOUR_TURN');
    const foreign = await upload(filer, doc.signatures[0].id, await signElsewhere(original, stastny));
    expect([foreign.status, foreign.body.code]).toEqual([422, 'QUALIFIED_SIGNATURE_INVALID']);
    // Not the stored bytes as the prefix (the document was changed before signing): refused.
    const altered = await signElsewhere(original, novak);
    altered[original.length - 300] ^= 0x01;
    expect((await upload(filer, doc.signatures[0].id, altered)).body.code).toBe('QUALIFIED_SIGNATURE_INVALID');
    await upload(filer, doc.signatures[0].id, await signElsewhere(original, novak)).expect(204);
    const first = await download(filer, doc.id);
    await upload(director, doc.signatures[1].id, await signElsewhere(first, stastny)).expect(204);
    await eventually(async () => ((await filer.agent.get(`/api/v1/requests/${id}`).expect(200)).body.state.id === 'awaiting-publication' ? true : undefined), 20_000, 'the seal');
    const final = await download(filer, doc.id);
    expect(final.subarray(0, first.length).equals(first)).toBe(true);
    const detail = (await filer.agent.get(`/api/v1/requests/${id}`).expect(200)).body;
    expect(detail.state.id).toBe('awaiting-publication');
    expect(detail.data.signedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const trust = await verifiers(filer);
    const out = checkExternally(final, trust, 3, 'contract');
    expect(out.indexOf('Jan Novák')).toBeLessThan(out.indexOf('Petr Šťastný'));
    const report = (await filer.agent.post('/api/v1/signatures/validate').set('X-XSRF-TOKEN', filer.xsrf).set('Content-Type', 'application/pdf').send(final).expect(200)).body;
    expect(report.signatures.map((s: { valid: boolean; laterChangesAllowed: boolean; signer: { commonName: string } }) => [s.signer.commonName, s.valid, s.laterChangesAllowed])).toEqual([
      ['Jan Novák', true, true],
      ['Petr Šťastný', true, true],
      ['Krajský úřad Testovacího kraje – elektronická pečeť', true, true],
    ]);
    expect(report.valid).toBe(true);
  });

  it('templates: administrators read, preview and save them (validated, audited); employees bring their own PKCS#12', async () => {
    const admin = await loginAs(app, 'lcerna');
    const employee = await loginAs(app, 'jnovak');
    const url = '/api/v1/admin/agendas/internal-regulation/templates/regulation';
    expect((await employee.agent.get(url)).status).toBe(403);
    // The `admin` grant of this one agenda is enough (as in the designer) — and only for this agenda.
    await db.query(`INSERT INTO agenda_grants (subject_type, subject, agenda_code, "grant") SELECT 'user', id::text, 'internal-regulation', 'admin' FROM users WHERE username = 'triha'`);
    const granted = await loginAs(app, 'triha');
    expect((await granted.agent.get(url)).status).toBe(200);
    expect((await granted.agent.get('/api/v1/admin/agendas/contract-order/templates/contract')).status).toBe(403);
    expect((await admin.agent.get('/api/v1/admin/agendas/internal-regulation/templates/nope')).status).toBe(404);
    const shipped = (await admin.agent.get(url).expect(200)).body;
    expect(shipped).toMatchObject({ origin: 'shipped', version: 0, name: { cs: 'Vnitřní předpis' } });
    const bad = await admin.agent.put(url).set('X-XSRF-TOKEN', admin.xsrf).send({ title: '', blocks: [{ type: 'chart' }] });
    expect([bad.status, bad.body.code]).toEqual([422, 'TEMPLATE_INVALID']);
    // Checked against the agenda at save (issue 20): a field, filter or party it does not have is
    // refused, every problem at its place in the template, in Czech and English.
    const unknown = await admin.agent
      .put(url)
      .set('X-XSRF-TOKEN', admin.xsrf)
      .send({ ...shipped.body, title: '{{data.nonexistent}}', blocks: [{ type: 'paragraph', text: 'Škoda {{money:place}}, {{frobnicate:title}}' }, ...shipped.body.blocks] });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'TEMPLATE_INVALID']);
    expect(unknown.body.errors).toEqual([
      { pointer: '/title', rule: 'UNKNOWN_FIELD', message: { cs: expect.stringContaining('„nonexistent“'), en: expect.stringContaining('"nonexistent"') } },
      { pointer: '/blocks/0/text', rule: 'UNKNOWN_FIELD', message: expect.objectContaining({ en: expect.stringContaining('"place"') }) },
      { pointer: '/blocks/0/text', rule: 'UNKNOWN_FILTER', message: expect.objectContaining({ en: expect.stringContaining('"frobnicate:"') }) },
    ]);
    const body = { ...shipped.body, title: 'Upravený předpis {{data.number}}', blocks: [{ type: 'paragraph', text: 'Ředitel vydává: {{data.title}}' }, ...shipped.body.blocks] };
    const preview = await admin.agent
      .post(`${url}/preview`)
      .set('X-XSRF-TOKEN', admin.xsrf)
      .send({ template: body, data: { title: 'Zkušební směrnice', number: 'SM/1/2031' } })
      .expect(200)
      .expect('Content-Type', /application\/pdf/)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const text = spawnSync('pdftotext', ['-', '-'], { input: preview.body as Buffer, encoding: 'utf8' }).stdout;
    expect(text).toContain('Upravený předpis SM/1/2031');
    expect(text).toContain('Ředitel vydává: Zkušební směrnice');
    const saved = (await admin.agent.put(url).set('X-XSRF-TOKEN', admin.xsrf).send(body).expect(200)).body;
    expect(saved).toMatchObject({ origin: 'database', version: 1, body: { title: 'Upravený předpis {{data.number}}' } });
    expect((await admin.agent.put(url).set('X-XSRF-TOKEN', admin.xsrf).send(body).expect(200)).body.version).toBe(2);
    const audit: Array<{ action: string }> = await db.query(`SELECT action FROM audit_log WHERE object_type = 'document-template'`);
    expect(audit.map((a) => a.action)).toEqual(['document-template.update', 'document-template.update']);
    // The template belongs to the agenda: a new version that drops a field it prints is refused by
    // the designer, located at the document, in the same error shape as the definition's own problems.
    const draft = (await admin.agent.post('/api/v1/admin/agendas/internal-regulation/drafts').set('X-XSRF-TOKEN', admin.xsrf).send({}).expect(201)).body;
    const next = (await admin.agent.get(`/api/v1/admin/agendas/internal-regulation/versions/${draft.version}/definition`).expect(200)).body;
    next.form.schema.properties = Object.fromEntries(Object.entries(next.form.schema.properties).filter(([f]) => f !== 'summary'));
    next.form.ui.sections = next.form.ui.sections.map((sec: { fields: string[] }) => ({ ...sec, fields: sec.fields.filter((f) => f !== 'summary') }));
    delete next.form.ui.fields.summary;
    next.form.schema.required = next.form.schema.required.filter((f: string) => f !== 'summary');
    for (const t of next.workflow.transitions) if (t.editableFields) t.editableFields = t.editableFields.filter((f: string) => f !== 'summary');
    const refused = await admin.agent.put(`/api/v1/admin/agendas/internal-regulation/versions/${draft.version}`).set('X-XSRF-TOKEN', admin.xsrf).send(next);
    expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused.body.errors).toEqual([
      { pointer: '/documents/0', rule: 'UNKNOWN_FIELD', message: { cs: expect.stringContaining('Šablona „regulation“ (/blocks/'), en: expect.stringContaining('"summary"') } },
    ]);

    // A certificate of one's own (PKCS#12) instead of an issued one; a wrong password is a clear 422.
    const own = pki.signer('Jan Novák');
    const p12 = readFileSync(own.p12Path);
    const wrong = await employee.agent.post('/api/v1/pki/me/certificate/pkcs12').set('X-XSRF-TOKEN', employee.xsrf).set('Content-Type', 'application/x-pkcs12').set('X-Pkcs12-Password', 'nope').send(p12);
    expect([wrong.status, wrong.body.code]).toEqual([422, 'PKCS12_INVALID']);
    const uploaded = await employee.agent.post('/api/v1/pki/me/certificate/pkcs12').set('X-XSRF-TOKEN', employee.xsrf).set('Content-Type', 'application/x-pkcs12').set('X-Pkcs12-Password', own.p12Password).send(p12).expect(201);
    expect(uploaded.body).toMatchObject({ source: 'uploaded', status: 'active', subject: expect.stringContaining('CN=Jan Novák') });
    const mine = (await employee.agent.get('/api/v1/pki/me/certificate').expect(200)).body;
    expect(mine).toMatchObject({ confirmation: 'password', certificate: { id: uploaded.body.id } });
    // Somebody else's certificate cannot be revoked (404), one's own can.
    expect((await admin.agent.delete(`/api/v1/pki/certificates/${uploaded.body.id}`).set('X-XSRF-TOKEN', admin.xsrf).send({})).status).toBe(404);
    expect((await employee.agent.delete(`/api/v1/pki/certificates/${uploaded.body.id}`).set('X-XSRF-TOKEN', employee.xsrf).send({}).expect(200)).body.status).toBe('revoked');
  });

  async function anonymousGet(url: string): Promise<Buffer> {
    const { default: request } = await import('supertest');
    const res = await request(app.getHttpServer())
      .get(url)
      .expect(200)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    return res.body as Buffer;
  }
});
