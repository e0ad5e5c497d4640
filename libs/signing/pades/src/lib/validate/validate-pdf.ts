import { createHash, X509Certificate } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObject, PDFRef, PDFString, PDFHexString } from 'pdf-lib';
import { CertificateInput, certificateFields, commonName, toDer } from '../cms/certificate';
import { derLength } from '../cms/der';
import { digestFromOid, OID } from '../cms/oids';
import {
  checkSigningCertificateAttribute,
  findSignerCertificate,
  messageDigestOf,
  parseSignedData,
  signingTimeOf,
  verifySignerInfoSignature,
} from '../cms/parse';
import { checkTimeStampToken } from '../cms/timestamp-token';
import { buildChain, ChainResult } from './chain';
import { compareRevisions, ModificationReport } from './modifications';

export interface ValidateOptions {
  /** Trust anchors for signer certificates (DER or PEM). */
  trustedRoots: CertificateInput[];
  /** Trust anchors for TSA certificates; default `trustedRoots`. */
  trustedTsaRoots?: CertificateInput[];
  /** Additional intermediates not carried in the signatures. */
  intermediates?: CertificateInput[];
}

export type PadesLevel = 'PAdES-B-B' | 'PAdES-B-T' | 'PKCS7' | 'document-timestamp' | 'unknown';

export interface SignatureReport {
  index: number;
  fieldName?: string;
  subFilter?: string;
  level: PadesLevel;
  signer?: {
    commonName: string;
    subject: string;
    issuer: string;
    serialNumber: string;
    validFrom: string;
    validTo: string;
    fingerprint256: string;
    /** ETSI qcStatements: QcCompliance (EU qualified certificate) and QcSSCD (key on a QSCD). */
    qcCompliance: boolean;
    qcSscd: boolean;
  };
  name?: string;
  reason?: string;
  location?: string;
  /** /M of the signature dictionary (claimed, not proven). */
  claimedSigningTime?: Date;
  /** CMS signing-time attribute, if present. */
  cmsSigningTime?: Date;
  byteRange: number[];
  byteRangeValid: boolean;
  /** 1-based revision this signature closes (counted by %%EOF markers). */
  revision: number;
  /** Signed ranges cover everything from byte 0 to the end of the revision except /Contents. */
  coversRevision: boolean;
  /** The signature covers the whole current file. */
  coversWholeDocument: boolean;
  digestValid: boolean;
  signatureValid: boolean;
  signingCertificateAttribute: 'ok' | 'missing' | 'mismatch';
  chain: ChainResult;
  timestamp?: { valid: boolean; trusted: boolean; time?: Date; tsa?: string; errors: string[] };
  modificationsAfterSigning: ModificationReport;
  revocation: 'not-checked';
  valid: boolean;
  errors: string[];
}

export interface ValidationReport {
  signatures: SignatureReport[];
  /** At least one signature and all of them valid. */
  valid: boolean;
  revisions: number;
}

const textOf = (o: PDFObject | undefined): string | undefined =>
  o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined;

function parsePdfDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return undefined;
  let tz = 'Z';
  if (m[7] && m[7] !== 'Z') tz = `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  return new Date(`${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${tz}`);
}

function revisionEnds(bytes: Buffer): number[] {
  const s = bytes.toString('latin1');
  const ends: number[] = [];
  for (const m of s.matchAll(/%%EOF(\r\n|\r|\n)?/g)) ends.push((m.index as number) + m[0].length);
  return ends;
}

function collectFieldNames(doc: PDFDocument): Map<string, string> {
  const out = new Map<string, string>();
  const acro = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acro?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  const walk = (arr: PDFArray | undefined, prefix: string) => {
    if (!arr) return;
    for (let i = 0; i < arr.size(); i++) {
      const f = arr.lookupMaybe(i, PDFDict);
      if (!f) continue;
      const t = textOf(f.get(PDFName.of('T')));
      const name = t ? (prefix ? `${prefix}.${t}` : t) : prefix;
      const v = f.get(PDFName.of('V'));
      if (v instanceof PDFRef) out.set(v.toString(), name);
      walk(f.lookupMaybe(PDFName.of('Kids'), PDFArray), name);
    }
  };
  walk(fields, '');
  return out;
}

/**
 * Validates every signature of a PDF: ByteRange sanity and coverage, digest, CMS signature, ESS
 * signing-certificate, chain to the trust anchors, timestamp (B-T) and what later revisions changed.
 * Revocation (CRL/OCSP) is not checked.
 */
export async function validatePdfSignatures(pdfBytes: Uint8Array, o: ValidateOptions): Promise<ValidationReport> {
  const bytes = Buffer.from(pdfBytes.buffer, pdfBytes.byteOffset, pdfBytes.byteLength);
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  const anchors = o.trustedRoots.map((c) => new X509Certificate(toDer(c)));
  const tsaAnchors = (o.trustedTsaRoots ?? o.trustedRoots).map((c) => new X509Certificate(toDer(c)));
  const extra = (o.intermediates ?? []).map((c) => toDer(c));
  const fieldNames = collectFieldNames(doc);
  const eofs = revisionEnds(bytes);
  const prefixDocs = new Map<number, Promise<PDFDocument>>();

  const sigDicts: { ref: PDFRef; dict: PDFDict; br: number[] }[] = [];
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    const br = obj.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
    if (!br || !obj.get(PDFName.of('Contents'))) continue;
    sigDicts.push({
      ref,
      dict: obj,
      br: br.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)),
    });
  }
  sigDicts.sort((a, b) => a.br[2] + a.br[3] - (b.br[2] + b.br[3]));

  const signatures: SignatureReport[] = [];
  for (const [index, { ref, dict, br }] of sigDicts.entries()) {
    const errors: string[] = [];
    const subFilter = dict.lookupMaybe(PDFName.of('SubFilter'), PDFName)?.decodeText();
    const isDocTs = subFilter === 'ETSI.RFC3161';
    const report: SignatureReport = {
      index,
      fieldName: fieldNames.get(ref.toString()),
      subFilter,
      level: 'unknown',
      name: textOf(dict.get(PDFName.of('Name'))),
      reason: textOf(dict.get(PDFName.of('Reason'))),
      location: textOf(dict.get(PDFName.of('Location'))),
      claimedSigningTime: parsePdfDate(textOf(dict.get(PDFName.of('M')))),
      byteRange: br,
      byteRangeValid: false,
      revision: 0,
      coversRevision: false,
      coversWholeDocument: false,
      digestValid: false,
      signatureValid: false,
      signingCertificateAttribute: 'missing',
      chain: { trusted: false, path: [], errors: [] },
      modificationsAfterSigning: { present: false, onlySignaturesAndAnnotations: true, changes: [] },
      revocation: 'not-checked',
      valid: false,
      errors,
    };
    signatures.push(report);

    // --- ByteRange sanity
    const [a, b, c, d] = br;
    const sane =
      br.length === 4 && br.every((n) => Number.isInteger(n) && n >= 0) && a === 0 && b > 0 && c > b && c + d <= bytes.length;
    const gapIsContents = sane && bytes[b] === 0x3c && bytes[c - 1] === 0x3e && /^[0-9A-Fa-f]*$/.test(bytes.toString('latin1', b + 1, c - 1));
    report.byteRangeValid = sane && gapIsContents;
    if (!report.byteRangeValid) {
      errors.push('ByteRange is malformed or does not exclude exactly the /Contents hex string');
      continue;
    }
    const signedEnd = c + d;
    report.coversWholeDocument = signedEnd === bytes.length;
    const revIdx = eofs.indexOf(signedEnd);
    report.revision = revIdx >= 0 ? revIdx + 1 : 0;
    report.coversRevision = revIdx >= 0 || report.coversWholeDocument;
    if (!report.coversRevision) errors.push('signed ranges do not end at the end of a revision');

    // --- later revisions
    if (!report.coversWholeDocument) {
      let prefix = prefixDocs.get(signedEnd);
      if (!prefix) {
        prefix = PDFDocument.load(bytes.subarray(0, signedEnd), { updateMetadata: false, ignoreEncryption: true });
        prefixDocs.set(signedEnd, prefix);
      }
      try {
        report.modificationsAfterSigning = compareRevisions(await prefix, doc);
      } catch (e) {
        report.modificationsAfterSigning = { present: true, onlySignaturesAndAnnotations: false, changes: [`cannot parse the signed revision: ${(e as Error).message}`] };
      }
      if (!report.modificationsAfterSigning.onlySignaturesAndAnnotations) errors.push('the document was modified after signing');
    }

    // --- CMS
    let cms: Buffer;
    try {
      const raw = Buffer.from(bytes.toString('latin1', b + 1, c - 1), 'hex');
      cms = raw.subarray(0, derLength(raw));
    } catch {
      errors.push('/Contents is not a DER structure');
      continue;
    }
    const signedBytes = Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);

    if (isDocTs) {
      report.level = 'document-timestamp';
      const ts = checkTimeStampToken(cms, signedBytes);
      report.digestValid = ts.imprintMatches;
      report.signatureValid = ts.signatureValid;
      const tsaCert = ts.tsaCertificate ? new X509Certificate(ts.tsaCertificate) : undefined;
      const pool = [...parseSignedData(cms).certificates, ...extra].map((x) => new X509Certificate(x));
      if (tsaCert) report.chain = buildChain(tsaCert, pool, tsaAnchors, ts.genTime ?? new Date());
      errors.push(...ts.errors, ...report.chain.errors);
      report.valid = errors.length === 0 && report.chain.trusted;
      continue;
    }

    let sd;
    try {
      sd = parseSignedData(cms);
    } catch (e) {
      errors.push(`CMS: ${(e as Error).message}`);
      continue;
    }
    const si = sd.signerInfos[0];
    if (!si || sd.signerInfos.length !== 1) {
      errors.push('CMS must contain exactly one SignerInfo');
      continue;
    }
    const certPool = [...sd.certificates, ...extra];
    const signerDer = findSignerCertificate(si, certPool);
    const alg = digestFromOid(si.digestAlgorithm);
    const md = messageDigestOf(si);
    report.digestValid = !!alg && !!md && createHash(alg).update(signedBytes).digest().equals(md);
    if (!report.digestValid) errors.push('digest mismatch: the signed bytes were changed');
    if (sd.eContent) errors.push('CMS is not detached');
    report.cmsSigningTime = signingTimeOf(si);
    if (!signerDer) {
      errors.push('signer certificate not found in the CMS');
      continue;
    }
    const signer = new X509Certificate(signerDer);
    const qc = certificateFields(signerDer).extensions.get(OID.qcStatements)?.value;
    const hasOid = (oidDotted: string) => {
      if (!qc) return false;
      const parts = oidDotted.split('.').map(Number);
      const enc = Buffer.from([parts[0] * 40 + parts[1], ...parts.slice(2).flatMap((p) => (p > 127 ? [0x80 | (p >> 7), p & 0x7f] : [p]))]);
      return qc.includes(enc);
    };
    report.signer = {
      commonName: commonName(signer),
      subject: signer.subject.replace(/\n/g, ', '),
      issuer: signer.issuer.replace(/\n/g, ', '),
      serialNumber: signer.serialNumber,
      validFrom: signer.validFrom,
      validTo: signer.validTo,
      fingerprint256: signer.fingerprint256,
      qcCompliance: hasOid(OID.qcCompliance),
      qcSscd: hasOid(OID.qcSscd),
    };
    report.signatureValid = verifySignerInfoSignature(si, signerDer);
    if (!report.signatureValid) errors.push('CMS signature is invalid');
    report.signingCertificateAttribute = checkSigningCertificateAttribute(si, signerDer);
    if (report.signingCertificateAttribute === 'mismatch') errors.push('ESS signing-certificate does not match the signer');

    // --- timestamp (B-T)
    const token = si.unsignedAttrs.get(OID.signatureTimeStampToken)?.[0];
    if (token) {
      const ts = checkTimeStampToken(token, si.signature);
      let trusted = false;
      let tsa: string | undefined;
      const tsErrors = [...ts.errors];
      if (ts.tsaCertificate) {
        const tsaCert = new X509Certificate(ts.tsaCertificate);
        tsa = commonName(tsaCert);
        const tokenCerts = parseSignedData(token).certificates.map((x) => new X509Certificate(x));
        const chain = buildChain(tsaCert, tokenCerts, tsaAnchors, ts.genTime ?? new Date());
        const eku = tsaCert.keyUsage ?? [];
        if (!eku.includes(OID.extKeyUsageTimeStamping)) tsErrors.push('TSA certificate lacks the timeStamping EKU');
        trusted = chain.trusted;
        tsErrors.push(...chain.errors);
      }
      const valid = ts.imprintMatches && ts.signatureValid && trusted && tsErrors.length === 0;
      report.timestamp = { valid, trusted, time: ts.genTime, tsa, errors: tsErrors };
      if (!valid) errors.push(...tsErrors.map((e) => `timestamp: ${e}`));
    }

    // --- chain at the best-proven time
    const at = report.timestamp?.valid && report.timestamp.time ? report.timestamp.time : report.claimedSigningTime ?? new Date();
    report.chain = buildChain(signer, certPool.map((x) => new X509Certificate(x)), anchors, at);
    errors.push(...report.chain.errors);

    if (subFilter === 'ETSI.CAdES.detached') {
      if (report.signingCertificateAttribute !== 'ok') errors.push('PAdES requires the ESS signing-certificate(-v2) attribute');
      report.level = report.timestamp?.valid ? 'PAdES-B-T' : 'PAdES-B-B';
    } else if (subFilter === 'adbe.pkcs7.detached') report.level = 'PKCS7';
    report.valid = errors.length === 0 && report.chain.trusted;
  }

  return {
    signatures,
    valid: signatures.length > 0 && signatures.every((s) => s.valid),
    revisions: eofs.length,
  };
}
