import { createHash, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, sign as cryptoSign, X509Certificate } from 'node:crypto';
import { bool, children, ctx, generalizedTime, integer, nullValue, octetString, oid, readTlv, seq, set, tlv, utcTime, utf8, whole } from '../cms/der';

/**
 * A small X.509 v3 issuer for the office PKI: certificates and CRLs are encoded with our DER
 * writer and signed with node:crypto (RSA PKCS#1 v1.5 SHA-256), never in JavaScript.
 * Names are UTF8String (Czech diacritics), the country PrintableString.
 */
export interface NameFields {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  country?: string;
  email?: string;
  /** serialNumber attribute (e.g. the personal number of an employee). */
  serialNumber?: string;
}

export type CertificateProfile = 'ca' | 'signer' | 'seal';

export interface IssueOptions {
  subject: NameFields;
  publicKey: KeyObject;
  serial: bigint;
  notBefore: Date;
  notAfter: Date;
  profile: CertificateProfile;
  /** The issuer; omitted for a self-signed root (then `issuerKey` is the subject's own key). */
  issuerCertificate?: Buffer;
  issuerKey: KeyObject;
  /** URL of the CRL (CRL distribution points extension). */
  crlUrl?: string;
}

const OIDS = {
  cn: '2.5.4.3',
  o: '2.5.4.10',
  ou: '2.5.4.11',
  c: '2.5.4.6',
  serialNumber: '2.5.4.5',
  email: '1.2.840.113549.1.9.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  crlNumber: '2.5.29.20',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  documentSigning: '1.3.6.1.4.1.311.10.3.12',
} as const;

function attribute(type: string, value: Buffer): Buffer {
  return set(seq(oid(type), value));
}

export function encodeName(n: NameFields): Buffer {
  const rdns: Buffer[] = [];
  if (n.country) rdns.push(attribute(OIDS.c, tlv(0x13, Buffer.from(n.country, 'ascii'))));
  if (n.organization) rdns.push(attribute(OIDS.o, utf8(n.organization)));
  if (n.organizationalUnit) rdns.push(attribute(OIDS.ou, utf8(n.organizationalUnit)));
  if (n.serialNumber) rdns.push(attribute(OIDS.serialNumber, tlv(0x13, Buffer.from(n.serialNumber, 'ascii'))));
  rdns.push(attribute(OIDS.cn, utf8(n.commonName)));
  if (n.email) rdns.push(attribute(OIDS.email, tlv(0x16, Buffer.from(n.email, 'ascii'))));
  return seq(...rdns);
}

/** DER of a certificate's TBSCertificate fields we need: subject Name and the SubjectPublicKeyInfo. */
function certificateParts(certDer: Buffer): { subject: Buffer; spki: Buffer } {
  const cert = readTlv(certDer);
  const tbs = children(certDer, cert)[0];
  const f = children(certDer, tbs);
  const i = f[0].tag === 0xa0 ? 1 : 0; // explicit version present
  return { subject: whole(certDer, f[i + 4]), spki: whole(certDer, f[i + 5]) };
}

/** Subject key identifier: SHA-1 of the subjectPublicKey BIT STRING contents (RFC 5280 4.2.1.2 method 1). */
function keyIdentifier(spkiDer: Buffer): Buffer {
  const spki = readTlv(spkiDer);
  const bits = children(spkiDer, spki)[1];
  return createHash('sha1').update(spkiDer.subarray(bits.contentStart + 1, bits.end)).digest();
}

function signatureAlgorithm(key: KeyObject): { alg: Buffer; sign: (data: Buffer) => Buffer } {
  if (key.asymmetricKeyType === 'rsa') return { alg: seq(oid(OIDS.sha256WithRSA), nullValue()), sign: (d) => cryptoSign('sha256', d, key) };
  if (key.asymmetricKeyType === 'ec') return { alg: seq(oid(OIDS.ecdsaWithSha256)), sign: (d) => cryptoSign('sha256', d, key) };
  throw new Error(`unsupported issuer key type ${key.asymmetricKeyType}`);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octetString(value));
}

function bitString(bits: number[]): Buffer {
  // bits: indexes of set bits (0 = most significant of the first byte), e.g. digitalSignature = 0.
  const max = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(max / 8) + 1);
  for (const b of bits) bytes[Math.floor(b / 8)] |= 0x80 >> b % 8;
  const unused = 7 - (max % 8);
  return tlv(0x03, Buffer.from([unused]), bytes);
}

const time = (d: Date): Buffer => (d.getUTCFullYear() < 2050 ? utcTime(d) : generalizedTime(d));

export function issueCertificate(o: IssueOptions): Buffer {
  const spki = o.publicKey.export({ type: 'spki', format: 'der' });
  const subject = encodeName(o.subject);
  const issuer = o.issuerCertificate ? certificateParts(o.issuerCertificate) : { subject, spki };
  const { alg, sign } = signatureAlgorithm(o.issuerKey);
  const exts: Buffer[] = [];
  if (o.profile === 'ca') {
    exts.push(extension(OIDS.basicConstraints, true, seq(bool(true))));
    exts.push(extension(OIDS.keyUsage, true, bitString([5, 6]))); // keyCertSign, cRLSign
  } else {
    exts.push(extension(OIDS.basicConstraints, true, seq()));
    exts.push(extension(OIDS.keyUsage, true, bitString([0, 1]))); // digitalSignature, nonRepudiation
    exts.push(extension(OIDS.extKeyUsage, false, seq(oid(OIDS.emailProtection), oid(OIDS.documentSigning))));
  }
  exts.push(extension(OIDS.subjectKeyId, false, octetString(keyIdentifier(spki))));
  exts.push(extension(OIDS.authorityKeyId, false, seq(tlv(0x80, keyIdentifier(issuer.spki)))));
  if (o.crlUrl) {
    // DistributionPoint { distributionPoint [0] { fullName [0] { uniformResourceIdentifier [6] } } }
    exts.push(extension(OIDS.crlDistributionPoints, false, seq(seq(ctx(0, ctx(0, tlv(0x86, Buffer.from(o.crlUrl, 'ascii'))))))));
  }
  const tbs = seq(
    ctx(0, integer(2)),
    integer(o.serial),
    alg,
    issuer.subject,
    seq(time(o.notBefore), time(o.notAfter)),
    subject,
    spki,
    ctx(3, seq(...exts)),
  );
  return seq(tbs, alg, tlv(0x03, Buffer.from([0]), sign(tbs)));
}

export interface RevokedEntry {
  serial: bigint;
  revokedAt: Date;
}

/** An X.509 v2 CRL signed by the CA. */
export function buildCrl(o: { issuerCertificate: Buffer; issuerKey: KeyObject; crlNumber: bigint; thisUpdate: Date; nextUpdate: Date; revoked: RevokedEntry[] }): Buffer {
  const issuer = certificateParts(o.issuerCertificate);
  const { alg, sign } = signatureAlgorithm(o.issuerKey);
  const entries = o.revoked.map((r) => seq(integer(r.serial), time(r.revokedAt)));
  const tbs = seq(
    integer(1),
    alg,
    issuer.subject,
    time(o.thisUpdate),
    time(o.nextUpdate),
    ...(entries.length ? [seq(...entries)] : []),
    ctx(0, seq(extension(OIDS.authorityKeyId, false, seq(tlv(0x80, keyIdentifier(issuer.spki)))), extension(OIDS.crlNumber, false, integer(o.crlNumber)))),
  );
  return seq(tbs, alg, tlv(0x03, Buffer.from([0]), sign(tbs)));
}

/** A fresh RSA-2048 key pair (server-side key generation for employees and the demo seal). */
export function generateSigningKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** A positive random 63-bit serial number (unpredictable, as CA/B-style practice recommends). */
export function randomSerial(): bigint {
  const b = randomBytes(8);
  b[0] &= 0x7f;
  return BigInt(`0x${b.toString('hex')}`) || 1n;
}

export function publicKeyOf(certDer: Buffer): KeyObject {
  return createPublicKey(new X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'pem' }));
}

export const derToPem = (der: Buffer, label = 'CERTIFICATE'): string =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
