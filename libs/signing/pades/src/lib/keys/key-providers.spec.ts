import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki, TestPki } from '../../testing/test-pki';
import { decryptPrivateKey, encryptedKeyProvider, encryptPrivateKey } from './encrypted-key-provider';
import { KeyObjectProvider } from './key-provider';
import { pkcs12Provider } from './pkcs12-provider';

jest.setTimeout(60_000);
let pki: TestPki;
beforeAll(() => {
  pki = createTestPki('agendy-keys-');
});
afterAll(() => pki?.cleanup());

const data = Buffer.from('podepisovaná data – žluťoučký kůň');

describe('PKCS#12 provider', () => {
  it('opens an OpenSSL 3 default (AES-256/PBKDF2/SHA-256 MAC) .p12 and signs with node:crypto', async () => {
    const s = pki.signer('Zdeněk Čapek');
    const p = pkcs12Provider(readFileSync(s.p12Path), s.p12Password);
    expect(p.certificateChain[0].equals(s.certDer)).toBe(true);
    expect(p.certificateChain).toHaveLength(2);
    const sig = await p.sign('sha256', data);
    expect(verify('sha256', data, new X509Certificate(s.certDer).publicKey, sig)).toBe(true);
  });

  it('opens an EC key and rejects a wrong password', async () => {
    const s = pki.signer('Eliška Řezníčková', { ec: true });
    const p = pkcs12Provider(readFileSync(s.p12Path), s.p12Password);
    const sig = await p.sign('sha256', data);
    expect(verify('sha256', data, new X509Certificate(s.certDer).publicKey, sig)).toBe(true);
    expect(() => pkcs12Provider(readFileSync(s.p12Path), 'špatné heslo')).toThrow(/PKCS#12/);
  });

  it('opens a legacy (3DES/RC2) .p12 when the OpenSSL legacy provider is available', async () => {
    const s = pki.signer('Legacy Uživatel');
    const out = join(pki.dir, 'legacy.p12');
    try {
      execFileSync('openssl', ['pkcs12', '-export', '-legacy', '-inkey', join(pki.dir, 'signer2.key'), '-in', join(pki.dir, 'signer2.pem'), '-out', out, '-passout', 'pass:x'], {
        stdio: 'ignore',
      });
    } catch {
      return; // legacy provider not installed: nothing to test
    }
    const p = pkcs12Provider(readFileSync(out), 'x');
    expect(p.certificateChain[0].equals(s.certDer)).toBe(true);
  });
});

describe('encrypted key provider', () => {
  const kek = Buffer.alloc(32, 0x42);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('round-trips a key sealed with AES-256-GCM and signs', async () => {
    const blob = encryptPrivateKey(privateKey, kek, 'cert:abc');
    expect(blob.ciphertext).not.toContain('PRIVATE');
    const p = encryptedKeyProvider(JSON.parse(JSON.stringify(blob)), kek, []);
    expect(verify('sha256', data, publicKey, await p.sign('sha256', data))).toBe(true);
  });

  it('refuses a wrong KEK, a swapped key id and a tampered ciphertext', () => {
    const blob = encryptPrivateKey(privateKey, kek, 'cert:abc');
    expect(() => decryptPrivateKey(blob, Buffer.alloc(32, 1))).toThrow(/cannot decrypt/);
    expect(() => decryptPrivateKey({ ...blob, keyId: 'cert:other' }, kek)).toThrow(/cannot decrypt/);
    const ct = Buffer.from(blob.ciphertext, 'base64');
    ct[5] ^= 1;
    expect(() => decryptPrivateKey({ ...blob, ciphertext: ct.toString('base64') }, kek)).toThrow(/cannot decrypt/);
    expect(() => encryptPrivateKey(privateKey, Buffer.alloc(16), 'x')).toThrow(/32 bytes/);
  });

  it('KeyObjectProvider refuses public keys', () => {
    expect(() => new KeyObjectProvider(publicKey, [])).toThrow();
  });
});
