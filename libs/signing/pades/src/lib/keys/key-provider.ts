import { createPrivateKey, KeyObject, sign as cryptoSign } from 'node:crypto';
import type { DigestAlgorithm } from '../cms/oids';

/**
 * The private-key operation behind a signature. Implementations must never do RSA in JS:
 * node:crypto (or a token) does it. `data` is the message (DER of the CMS signed attributes);
 * the provider hashes it with `digestAlgorithm` and returns the raw signature value
 * (PKCS#1 v1.5 for RSA, DER-encoded ECDSA-Sig-Value for EC).
 */
export interface KeyProvider {
  sign(digestAlgorithm: DigestAlgorithm, data: Buffer): Promise<Buffer>;
  /** DER certificates: the signer's first, then intermediates (the root may be omitted). */
  readonly certificateChain: Buffer[];
}

/** A key already loaded into node:crypto (the building block of the other providers). */
export class KeyObjectProvider implements KeyProvider {
  constructor(
    private readonly key: KeyObject,
    readonly certificateChain: Buffer[],
  ) {
    if (key.type !== 'private') throw new Error('KeyObjectProvider needs a private key');
  }

  static fromPem(pem: string, certificateChain: Buffer[], passphrase?: string): KeyObjectProvider {
    return new KeyObjectProvider(createPrivateKey({ key: pem, format: 'pem', passphrase }), certificateChain);
  }

  async sign(digestAlgorithm: DigestAlgorithm, data: Buffer): Promise<Buffer> {
    return cryptoSign(digestAlgorithm, data, this.key);
  }
}
