export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  extKeyUsageTimeStamping: '1.3.6.1.5.5.7.3.8',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  qcCompliance: '0.4.0.1862.1.1',
  qcSscd: '0.4.0.1862.1.4',
} as const;

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

export const DIGEST_OID: Record<DigestAlgorithm, string> = {
  sha256: OID.sha256,
  sha384: OID.sha384,
  sha512: OID.sha512,
};

export function digestFromOid(oid: string): DigestAlgorithm | 'sha1' | undefined {
  switch (oid) {
    case OID.sha1:
      return 'sha1';
    case OID.sha256:
    case OID.sha256WithRSA:
    case OID.ecdsaWithSha256:
      return 'sha256';
    case OID.sha384:
    case OID.sha384WithRSA:
    case OID.ecdsaWithSha384:
      return 'sha384';
    case OID.sha512:
    case OID.sha512WithRSA:
    case OID.ecdsaWithSha512:
      return 'sha512';
    default:
      return undefined;
  }
}
