import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { certificateFields } from './certificate';
import { children, content, decodeOid, decodeTime, readTlv, Tlv, whole } from './der';
import { digestFromOid, OID } from './oids';

export interface ParsedSignerInfo {
  issuer?: Buffer;
  serialNumber?: Buffer;
  subjectKeyIdentifier?: Buffer;
  digestAlgorithm: string;
  /** DER of the signed attributes re-tagged as SET (the bytes that were signed). */
  signedAttrsDer?: Buffer;
  signedAttrs: Map<string, Buffer[]>;
  signatureAlgorithm: string;
  signature: Buffer;
  unsignedAttrs: Map<string, Buffer[]>;
}

export interface ParsedSignedData {
  eContentType: string;
  eContent?: Buffer;
  certificates: Buffer[];
  signerInfos: ParsedSignerInfo[];
}

function attributes(buf: Buffer, t: Tlv): Map<string, Buffer[]> {
  const out = new Map<string, Buffer[]>();
  for (const attr of children(buf, t)) {
    const [type, values] = children(buf, attr);
    out.set(
      decodeOid(content(buf, type)),
      children(buf, values).map((v) => Buffer.from(whole(buf, v))),
    );
  }
  return out;
}

export function parseSignedData(der: Buffer): ParsedSignedData {
  const ci = readTlv(der, 0);
  const [ct, wrapped] = children(der, ci);
  if (decodeOid(content(der, ct)) !== OID.signedData) throw new Error('not a CMS SignedData');
  const [sd] = children(der, wrapped);
  const parts = children(der, sd);
  const encap = parts[2];
  const [eType, eWrap] = children(der, encap);
  let eContent: Buffer | undefined;
  if (eWrap) {
    const [octets] = children(der, eWrap);
    eContent = Buffer.from(content(der, octets));
  }
  const certificates: Buffer[] = [];
  let k = 3;
  for (; k < parts.length && (parts[k].tag & 0xc0) === 0x80; k++) {
    if (parts[k].tag === 0xa0) {
      for (const c of children(der, parts[k])) if (c.tag === 0x30) certificates.push(Buffer.from(whole(der, c)));
    }
  }
  const signerInfos = children(der, parts[k]).map((si) => parseSignerInfo(der, si));
  return { eContentType: decodeOid(content(der, eType)), eContent, certificates, signerInfos };
}

function parseSignerInfo(der: Buffer, si: Tlv): ParsedSignerInfo {
  const f = children(der, si);
  const sid = f[1];
  const out: Partial<ParsedSignerInfo> = { signedAttrs: new Map(), unsignedAttrs: new Map() };
  if (sid.tag === 0x30) {
    const [issuer, serial] = children(der, sid);
    out.issuer = Buffer.from(whole(der, issuer));
    out.serialNumber = Buffer.from(whole(der, serial));
  } else {
    out.subjectKeyIdentifier = Buffer.from(content(der, sid));
  }
  out.digestAlgorithm = decodeOid(content(der, children(der, f[2])[0]));
  let i = 3;
  if (f[i].tag === 0xa0) {
    const raw = Buffer.from(whole(der, f[i]));
    raw[0] = 0x31;
    out.signedAttrsDer = raw;
    out.signedAttrs = attributes(der, f[i]);
    i++;
  }
  out.signatureAlgorithm = decodeOid(content(der, children(der, f[i])[0]));
  out.signature = Buffer.from(content(der, f[i + 1]));
  if (f[i + 2] && f[i + 2].tag === 0xa1) out.unsignedAttrs = attributes(der, f[i + 2]);
  return out as ParsedSignerInfo;
}

/** Finds the signer's certificate among candidates by issuer+serial or subject key identifier. */
export function findSignerCertificate(si: ParsedSignerInfo, certs: Buffer[]): Buffer | undefined {
  return certs.find((c) => {
    const f = certificateFields(c);
    if (si.issuer && si.serialNumber) return f.issuer.equals(si.issuer) && f.serialNumber.equals(si.serialNumber);
    const ski = f.extensions.get('2.5.29.14');
    return !!ski && !!si.subjectKeyIdentifier && content(ski.value, readTlv(ski.value)).equals(si.subjectKeyIdentifier);
  });
}

/** Octet-string content of the message-digest signed attribute. */
export function messageDigestOf(si: ParsedSignerInfo): Buffer | undefined {
  const v = si.signedAttrs.get(OID.messageDigest)?.[0];
  return v ? Buffer.from(content(v, readTlv(v))) : undefined;
}

export function signingTimeOf(si: ParsedSignerInfo): Date | undefined {
  const v = si.signedAttrs.get(OID.signingTime)?.[0];
  if (!v) return undefined;
  const t = readTlv(v);
  return decodeTime(t.tag, content(v, t));
}

/** Checks the cryptographic signature over the signed attributes. */
export function verifySignerInfoSignature(si: ParsedSignerInfo, certDer: Buffer): boolean {
  if (!si.signedAttrsDer) return false;
  const digest = digestFromOid(si.signatureAlgorithm) ?? digestFromOid(si.digestAlgorithm);
  if (!digest || si.signatureAlgorithm === OID.rsaPss) return false;
  try {
    return cryptoVerify(digest, si.signedAttrsDer, new X509Certificate(certDer).publicKey, si.signature);
  } catch {
    return false;
  }
}

/** Checks the ESS signing-certificate(-v2) attribute against the signer certificate. */
export function checkSigningCertificateAttribute(si: ParsedSignerInfo, certDer: Buffer): 'ok' | 'missing' | 'mismatch' {
  const v2 = si.signedAttrs.get(OID.signingCertificateV2)?.[0];
  const v1 = si.signedAttrs.get(OID.signingCertificate)?.[0];
  const value = v2 ?? v1;
  if (!value) return 'missing';
  const [certs] = children(value, readTlv(value));
  const first = certs ? children(value, certs)[0] : undefined;
  if (!first) return 'mismatch';
  const ids = children(value, first);
  let alg = v2 ? 'sha256' : 'sha1';
  let hashTlv = ids[0];
  if (ids[0].tag === 0x30) {
    alg = digestFromOid(decodeOid(content(value, children(value, ids[0])[0]))) ?? 'unknown';
    hashTlv = ids[1];
  }
  if (alg === 'unknown') return 'mismatch';
  const expected = createHash(alg).update(certDer).digest();
  return expected.equals(content(value, hashTlv)) ? 'ok' : 'mismatch';
}
