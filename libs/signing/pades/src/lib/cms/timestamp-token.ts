import { createHash } from 'node:crypto';
import { children, content, decodeOid, decodeTime, readTlv } from './der';
import { digestFromOid, OID } from './oids';
import {
  checkSigningCertificateAttribute,
  findSignerCertificate,
  messageDigestOf,
  parseSignedData,
  ParsedSignedData,
  verifySignerInfoSignature,
} from './parse';

export interface TimeStampTokenInfo {
  signedData: ParsedSignedData;
  policy: string;
  messageImprintAlgorithm: string;
  messageImprint: Buffer;
  serialNumber: Buffer;
  genTime: Date;
  /** INTEGER content octets. */
  nonce?: Buffer;
}

export function parseTimeStampToken(der: Buffer): TimeStampTokenInfo {
  const signedData = parseSignedData(der);
  if (signedData.eContentType !== OID.tstInfo || !signedData.eContent) throw new Error('not a timestamp token');
  const b = signedData.eContent;
  const f = children(b, readTlv(b, 0));
  const [imprintAlg, imprint] = children(b, f[2]);
  const genTime = f[4];
  let nonce: Buffer | undefined;
  for (const t of f.slice(5)) if (t.tag === 0x02) nonce = Buffer.from(content(b, t));
  return {
    signedData,
    policy: decodeOid(content(b, f[1])),
    messageImprintAlgorithm: decodeOid(content(b, children(b, imprintAlg)[0])),
    messageImprint: Buffer.from(content(b, imprint)),
    serialNumber: Buffer.from(content(b, f[3])),
    genTime: decodeTime(genTime.tag, content(b, genTime)),
    nonce,
  };
}

export interface TimeStampCheck {
  genTime?: Date;
  imprintMatches: boolean;
  signatureValid: boolean;
  /** DER of the TSA certificate (for the chain check by the caller). */
  tsaCertificate?: Buffer;
  errors: string[];
}

/** Verifies a timestamp token over `data` (the imprint, the TSTInfo digest and the TSA's signature). */
export function checkTimeStampToken(token: Buffer, data: Buffer): TimeStampCheck {
  const errors: string[] = [];
  let info: TimeStampTokenInfo;
  try {
    info = parseTimeStampToken(token);
  } catch (e) {
    return { imprintMatches: false, signatureValid: false, errors: [`unparsable token: ${(e as Error).message}`] };
  }
  const alg = digestFromOid(info.messageImprintAlgorithm);
  const imprintMatches = !!alg && createHash(alg).update(data).digest().equals(info.messageImprint);
  if (!imprintMatches) errors.push('timestamp imprint does not match the signature value');
  const si = info.signedData.signerInfos[0];
  const cert = si ? findSignerCertificate(si, info.signedData.certificates) : undefined;
  let signatureValid = false;
  if (!si || !cert) errors.push('TSA certificate not included in the token');
  else {
    const mdAlg = digestFromOid(si.digestAlgorithm);
    const md = messageDigestOf(si);
    const contentOk = !!mdAlg && !!md && createHash(mdAlg).update(info.signedData.eContent as Buffer).digest().equals(md);
    if (!contentOk) errors.push('TSTInfo digest mismatch');
    const sigOk = verifySignerInfoSignature(si, cert);
    if (!sigOk) errors.push('TSA signature invalid');
    if (checkSigningCertificateAttribute(si, cert) === 'mismatch') errors.push('TSA signing-certificate mismatch');
    signatureValid = contentOk && sigOk;
  }
  return { genTime: info.genTime, imprintMatches, signatureValid, tsaCertificate: cert, errors };
}
