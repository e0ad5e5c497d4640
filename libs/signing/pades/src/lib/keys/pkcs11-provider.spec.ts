import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verify, X509Certificate } from 'node:crypto';
import { signPdf } from '../pdf/sign-pdf';
import { renderPdf } from '../render/render-pdf';
import { validatePdfSignatures } from '../validate/validate-pdf';
import { createTestPki, extractSignatures, opensslCmsVerify, pdfsig, TestPki, TestSigner } from '../../testing/test-pki';
import { DEFAULT_PKCS11_ENGINE, pkcs11Provider } from './pkcs11-provider';

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';
const available = existsSync(SOFTHSM) && existsSync(DEFAULT_PKCS11_ENGINE);
// A developer machine without the token may skip these; CI (.ci/run installs both) never does.
if (!available && process.env['CI']) throw new Error('PKCS#11 tests need softhsm2 and libengine-pkcs11-openssl (see .ci/run)');
if (!available) console.warn('PKCS#11 tests skipped: install softhsm2 and libengine-pkcs11-openssl');
const d = available ? describe : describe.skip;

jest.setTimeout(60_000);

d('PKCS#11 provider (softhsm2 + libp11 engine)', () => {
  let pki: TestPki;
  let seal: TestSigner;
  let env: Record<string, string>;
  const token = 'Pečeť úřadu';

  beforeAll(() => {
    pki = createTestPki('agendy-pkcs11-test-');
    seal = pki.signer('Krajský úřad Testovacího kraje – elektronická pečeť');
    const tokens = join(pki.dir, 'tokens');
    mkdirSync(tokens);
    writeFileSync(join(pki.dir, 'softhsm2.conf'), `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    env = { SOFTHSM2_CONF: join(pki.dir, 'softhsm2.conf') };
    const run = (args: string[]) => execFileSync('softhsm2-util', args, { env: { ...process.env, ...env }, stdio: 'ignore' });
    run(['--init-token', '--free', '--label', token, '--pin', '1234', '--so-pin', '5678']);
    writeFileSync(join(pki.dir, 'seal.key'), seal.keyPem);
    run(['--import', join(pki.dir, 'seal.key'), '--token', token, '--label', 'seal', '--id', '01', '--pin', '1234']);
  });
  afterAll(() => pki?.cleanup());

  const provider = (pin = '1234') =>
    pkcs11Provider({ modulePath: SOFTHSM, keyUri: 'pkcs11:object=seal;type=private', pin, certificateChain: seal.chain, env });

  it('signs with the key on the token', async () => {
    const p = provider();
    try {
      const data = Buffer.from('pečeť');
      const sig = await p.sign('sha256', data);
      expect(verify('sha256', data, new X509Certificate(seal.certDer).publicKey, sig)).toBe(true);
    } finally {
      p.dispose();
    }
  });

  it('seals a PDF that pdfsig, openssl and the validator accept', async () => {
    const p = provider();
    try {
      const pdf = await renderPdf({ office: { name: 'Krajský úřad' }, title: 'Vnitřní předpis', blocks: [{ type: 'paragraph', text: 'Příliš žluťoučký kůň' }] });
      const sealed = await signPdf(pdf, { keyProvider: p, name: 'Krajský úřad Testovacího kraje', reason: 'Elektronická pečeť' });
      const out = pdfsig(pki, sealed, 'sealed.pdf');
      expect(out).toContain('Signature is Valid.');
      expect(out).toContain('Certificate is Trusted.');
      expect(out).not.toContain('Digest Mismatch');
      expect(opensslCmsVerify(pki, extractSignatures(sealed)[0], 'seal').ok).toBe(true);
      expect((await validatePdfSignatures(sealed, { trustedRoots: [pki.caPem] })).valid).toBe(true);
    } finally {
      p.dispose();
    }
  });

  it('fails cleanly with a wrong PIN and refuses a PIN in the URI', async () => {
    const p = provider('0000');
    try {
      await expect(p.sign('sha256', Buffer.from('x'))).rejects.toThrow(/PKCS#11 signing failed/);
    } finally {
      p.dispose();
    }
    expect(() => pkcs11Provider({ modulePath: SOFTHSM, keyUri: 'pkcs11:object=seal;pin-value=1234', pin: '1', certificateChain: [] })).toThrow(/PIN/);
  });
});
