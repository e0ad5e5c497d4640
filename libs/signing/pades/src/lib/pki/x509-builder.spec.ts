import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCrl, derToPem, generateSigningKey, issueCertificate } from './x509-builder';

describe('office PKI issuer (checked by openssl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agendy-pki-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a CA, a Czech-named signer certificate and a CRL that openssl accepts', () => {
    const now = new Date();
    const later = new Date(now.getTime() + 365 * 86400_000);
    const ca = generateSigningKey();
    const caDer = issueCertificate({ subject: { commonName: 'Podepisující CA úřadu', organization: 'Krajský úřad', country: 'CZ' }, publicKey: ca.publicKey, issuerKey: ca.privateKey, serial: 1n, notBefore: now, notAfter: later, profile: 'ca' });
    const user = generateSigningKey();
    const userDer = issueCertificate({
      subject: { commonName: 'Petr Šťastný', organization: 'Krajský úřad', country: 'CZ', email: 'petr@example.cz' },
      publicKey: user.publicKey,
      issuerCertificate: caDer,
      issuerKey: ca.privateKey,
      serial: 0x1234n,
      notBefore: now,
      notAfter: later,
      profile: 'signer',
      crlUrl: 'https://agendy.test/api/v1/pki/crl',
    });
    const caCert = new X509Certificate(caDer);
    const userCert = new X509Certificate(userDer);
    expect(caCert.ca).toBe(true);
    expect(userCert.verify(caCert.publicKey)).toBe(true);
    expect(userCert.subject).toContain('CN=Petr Šťastný');
    writeFileSync(join(dir, 'ca.pem'), derToPem(caDer));
    writeFileSync(join(dir, 'user.pem'), derToPem(userDer));
    const verify = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), '-purpose', 'smimesign', join(dir, 'user.pem')], { encoding: 'utf8' });
    expect(verify.stdout + verify.stderr).toContain('user.pem: OK');

    const crl = buildCrl({ issuerCertificate: caDer, issuerKey: ca.privateKey, crlNumber: 7n, thisUpdate: now, nextUpdate: later, revoked: [{ serial: 0x1234n, revokedAt: now }] });
    writeFileSync(join(dir, 'crl.der'), crl);
    const crlText = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-CAfile', join(dir, 'ca.pem'), '-noout', '-text'], { encoding: 'utf8' });
    expect(crlText.stderr).toContain('verify OK');
    expect(crlText.stdout).toMatch(/Serial Number: 1234/);
    writeFileSync(join(dir, 'crl.pem'), derToPem(crl, 'X509 CRL'));
    const revoked = spawnSync('openssl', ['verify', '-crl_check', '-CAfile', join(dir, 'ca.pem'), '-CRLfile', join(dir, 'crl.pem'), join(dir, 'user.pem')], { encoding: 'utf8' });
    expect(revoked.stdout + revoked.stderr).toContain('certificate revoked');
  });
});
