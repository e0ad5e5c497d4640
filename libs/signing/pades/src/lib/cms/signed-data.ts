import { createHash } from 'node:crypto';
import { certificateFields } from './certificate';
import { ctx, integer, nullValue, octetString, oid, seq, set, setOf, tlv, utcTime } from './der';
import { DIGEST_OID, DigestAlgorithm, OID } from './oids';

export interface BuildSignedDataOptions {
  /** Digest of the signed content (for PAdES: the ByteRange bytes). */
  contentDigest: Buffer;
  digestAlgorithm: DigestAlgorithm;
  /** DER certificates, the signer's first. */
  certificates: Buffer[];
  /** Signs the DER of the signed attributes (private-key operation). */
  sign: (digestAlgorithm: DigestAlgorithm, data: Buffer) => Promise<Buffer>;
  /**
   * Adds the CMS signing-time attribute. PAdES baseline (EN 319 142-1, 6.3) forbids it — the claimed
   * time goes to the signature dictionary's /M — so it is off by default.
   */
  signingTimeAttribute?: Date;
  /** Returns an RFC 3161 TimeStampToken (DER) for the signature value: B-T. */
  timestamp?: (signatureValue: Buffer) => Promise<Buffer>;
}

export function algorithmIdentifier(algOid: string, withNull: boolean): Buffer {
  return withNull ? seq(oid(algOid), nullValue()) : seq(oid(algOid));
}

function attribute(type: string, ...values: Buffer[]): Buffer {
  return seq(oid(type), setOf(values));
}

export function signatureAlgorithmFor(publicKeyAlgorithm: string, digest: DigestAlgorithm): Buffer {
  if (publicKeyAlgorithm === OID.rsaEncryption) {
    const m = { sha256: OID.sha256WithRSA, sha384: OID.sha384WithRSA, sha512: OID.sha512WithRSA }[digest];
    return algorithmIdentifier(m, true);
  }
  if (publicKeyAlgorithm === OID.ecPublicKey) {
    const m = { sha256: OID.ecdsaWithSha256, sha384: OID.ecdsaWithSha384, sha512: OID.ecdsaWithSha512 }[digest];
    return algorithmIdentifier(m, false);
  }
  throw new Error(`unsupported signer key algorithm ${publicKeyAlgorithm}`);
}

const essCache = new WeakMap<Buffer, Map<DigestAlgorithm, Buffer>>();

/** ESS signing-certificate-v2 (RFC 5035) with the signer certificate's hash and issuer/serial. */
export function signingCertificateV2(certDer: Buffer, digest: DigestAlgorithm): Buffer {
  let perCert = essCache.get(certDer);
  if (!perCert) {
    perCert = new Map();
    essCache.set(certDer, perCert);
  }
  let value = perCert.get(digest);
  if (!value) {
    value = encodeSigningCertificateV2(certDer, digest);
    perCert.set(digest, value);
  }
  return value;
}

function encodeSigningCertificateV2(certDer: Buffer, digest: DigestAlgorithm): Buffer {
  const f = certificateFields(certDer);
  const hash = createHash(digest).update(certDer).digest();
  const issuerSerial = seq(seq(tlv(0xa4, f.issuer)), f.serialNumber);
  const essCertIdV2 =
    digest === 'sha256'
      ? seq(octetString(hash), issuerSerial) // sha256 is the DEFAULT: omitted in DER
      : seq(algorithmIdentifier(DIGEST_OID[digest], false), octetString(hash), issuerSerial);
  return seq(seq(essCertIdV2));
}

/** Builds a detached CMS SignedData (CAdES-BES / PAdES B-B, optionally B-T). */
export async function buildSignedData(o: BuildSignedDataOptions): Promise<Buffer> {
  const [signerDer] = o.certificates;
  if (!signerDer) throw new Error('certificate chain is empty');
  const signer = certificateFields(signerDer);
  const attrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octetString(o.contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(signerDer, o.digestAlgorithm)),
  ];
  if (o.signingTimeAttribute) attrs.push(attribute(OID.signingTime, utcTime(o.signingTimeAttribute)));
  const signedAttrsSet = setOf(attrs); // this exact encoding is what gets signed
  const signatureValue = await o.sign(o.digestAlgorithm, signedAttrsSet);
  const signedAttrs = Buffer.concat([Buffer.from([0xa0]), signedAttrsSet.subarray(1)]); // [0] IMPLICIT

  const signerInfoParts = [
    integer(1),
    seq(signer.issuer, signer.serialNumber),
    algorithmIdentifier(DIGEST_OID[o.digestAlgorithm], false),
    signedAttrs,
    signatureAlgorithmFor(signer.publicKeyAlgorithm, o.digestAlgorithm),
    octetString(signatureValue),
  ];
  if (o.timestamp) {
    const token = await o.timestamp(signatureValue);
    const unsigned = setOf([attribute(OID.signatureTimeStampToken, token)]);
    signerInfoParts.push(Buffer.concat([Buffer.from([0xa1]), unsigned.subarray(1)]));
  }
  const signedData = seq(
    integer(1),
    set(algorithmIdentifier(DIGEST_OID[o.digestAlgorithm], false)),
    seq(oid(OID.data)),
    ctx(0, ...o.certificates),
    set(seq(...signerInfoParts)),
  );
  return seq(oid(OID.signedData), ctx(0, signedData));
}
