import { createPublicKey, X509Certificate, verify as cryptoVerify } from 'node:crypto';
import { generateSigningKey, issueCertificate, KeyObjectProvider, type KeyProvider, randomSerial } from '@agendy/signing/pades';

/** What a seal asserts, signed as these exact UTF-8 bytes (keys in this order). */
export interface SealStatement {
  type: 'agendy.audit-head-seal';
  office: string;
  headSeq: string;
  headHash: string;
  sealedAt: string;
}

export function statementBytes(s: SealStatement): Buffer {
  return Buffer.from(JSON.stringify({ type: s.type, office: s.office, headSeq: s.headSeq, headHash: s.headHash, sealedAt: s.sealedAt }), 'utf8');
}

/**
 * Demo installations have no office seal: an ephemeral self-issued seal key (one per worker
 * process), clearly named as a demo. Production sets SEAL_P12_FILE.
 */
export function demoSealProvider(office: string): KeyProvider {
  const { privateKey, publicKey } = generateSigningKey();
  const now = new Date();
  const certificate = issueCertificate({
    subject: { commonName: `${office} – DEMO pečeť auditního logu`, organization: office, country: 'CZ' },
    publicKey,
    serial: randomSerial(),
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 365 * 24 * 3600 * 1000),
    profile: 'seal',
    issuerKey: privateKey,
  });
  return new KeyObjectProvider(privateKey, [certificate]);
}

/** Checks a stored seal: the signature over the statement with the certificate's key. */
export function verifySeal(statement: string, signature: Buffer, certificateDer: Buffer): boolean {
  const key = createPublicKey(new X509Certificate(certificateDer).publicKey.export({ type: 'spki', format: 'pem' }));
  return cryptoVerify('sha256', Buffer.from(statement, 'utf8'), key, signature);
}
