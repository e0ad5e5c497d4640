import { X509Certificate } from 'node:crypto';
import { children, content, decodeOid, readTlv, whole } from './der';

export type CertificateInput = Buffer | Uint8Array | string;

/** Accepts DER bytes or one PEM certificate; returns DER. */
export function toDer(cert: CertificateInput): Buffer {
  if (typeof cert === 'string') {
    const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(cert);
    if (!m) throw new Error('not a PEM certificate');
    return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
  }
  return Buffer.isBuffer(cert) ? cert : Buffer.from(cert);
}

/** Splits a PEM bundle into DER certificates. */
export function pemBundleToDer(pem: string): Buffer[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => toDer(m[0]));
}

export interface CertificateFields {
  der: Buffer;
  /** Raw DER of the issuer Name. */
  issuer: Buffer;
  /** Raw DER of the subject Name. */
  subject: Buffer;
  /** Raw DER of the serialNumber INTEGER (whole TLV). */
  serialNumber: Buffer;
  /** Algorithm OID of the subject public key. */
  publicKeyAlgorithm: string;
  /** Raw extension values keyed by OID. */
  extensions: Map<string, { critical: boolean; value: Buffer }>;
}

const fieldsCache = new WeakMap<Buffer, CertificateFields>();

export function certificateFields(input: CertificateInput): CertificateFields {
  const der = toDer(input);
  let cached = fieldsCache.get(der);
  if (!cached) {
    cached = parseCertificateFields(der);
    fieldsCache.set(der, cached);
  }
  return cached;
}

function parseCertificateFields(der: Buffer): CertificateFields {
  const cert = readTlv(der, 0);
  const [tbs] = children(der, cert);
  const f = children(der, tbs);
  let i = 0;
  if (f[0].tag === 0xa0) i = 1;
  const serial = f[i];
  const issuer = f[i + 2];
  const subject = f[i + 4];
  const spki = f[i + 5];
  const [alg] = children(der, spki);
  const [algOid] = children(der, alg);
  const extensions = new Map<string, { critical: boolean; value: Buffer }>();
  const extWrapper = f.slice(i + 6).find((t) => t.tag === 0xa3);
  if (extWrapper) {
    const [exts] = children(der, extWrapper);
    for (const ext of children(der, exts)) {
      const parts = children(der, ext);
      const extOid = decodeOid(content(der, parts[0]));
      const critical = parts.length === 3 && der[parts[1].contentStart] !== 0;
      extensions.set(extOid, { critical, value: content(der, parts[parts.length - 1]) });
    }
  }
  return {
    der,
    issuer: whole(der, issuer),
    subject: whole(der, subject),
    serialNumber: whole(der, serial),
    publicKeyAlgorithm: decodeOid(content(der, algOid)),
    extensions,
  };
}

export function x509(input: CertificateInput): X509Certificate {
  return new X509Certificate(toDer(input));
}

/** Common name from node's X509Certificate subject string ("CN=..\nO=.."). */
export function commonName(cert: X509Certificate): string {
  const line = cert.subject.split('\n').find((l) => l.startsWith('CN='));
  return line ? line.slice(3) : cert.subject;
}
