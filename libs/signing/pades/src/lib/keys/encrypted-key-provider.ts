import { createCipheriv, createDecipheriv, createPrivateKey, hkdfSync, KeyObject, randomBytes } from 'node:crypto';
import { KeyObjectProvider } from './key-provider';

/**
 * A private key sealed with AES-256-GCM under a key-encryption key (KEK) from configuration.
 * A per-record key is derived from the KEK with HKDF-SHA256 and a random salt; `keyId` (e.g. the
 * certificate fingerprint or DB row id) is bound as additional authenticated data, so a blob
 * cannot be swapped between records. Storing the blob is the caller's (the service's) job.
 */
export interface EncryptedPrivateKey {
  v: 1;
  alg: 'A256GCM-HKDF-SHA256';
  keyId: string;
  salt: string; // base64
  iv: string; // base64
  tag: string; // base64
  ciphertext: string; // base64 of PKCS#8 DER
}

function deriveKey(kek: Buffer, salt: Buffer, keyId: string): Buffer {
  if (kek.length !== 32) throw new Error('the key-encryption key must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', kek, salt, `agendy-signing-key:${keyId}`, 32));
}

export function encryptPrivateKey(key: KeyObject | string, kek: Buffer, keyId: string): EncryptedPrivateKey {
  const keyObject = typeof key === 'string' ? createPrivateKey(key) : key;
  const pkcs8 = keyObject.export({ format: 'der', type: 'pkcs8' });
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(kek, salt, keyId), iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return {
    v: 1,
    alg: 'A256GCM-HKDF-SHA256',
    keyId,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export function decryptPrivateKey(blob: EncryptedPrivateKey, kek: Buffer): KeyObject {
  if (blob.v !== 1 || blob.alg !== 'A256GCM-HKDF-SHA256') throw new Error('unsupported encrypted key format');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(kek, Buffer.from(blob.salt, 'base64'), blob.keyId), Buffer.from(blob.iv, 'base64'));
  decipher.setAAD(Buffer.from(blob.keyId, 'utf8'));
  decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
  let der: Buffer;
  try {
    der = Buffer.concat([decipher.update(Buffer.from(blob.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new Error('cannot decrypt the private key (wrong key-encryption key or tampered record)');
  }
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/** Key provider over an encrypted key record; the key is decrypted once, in memory only. */
export function encryptedKeyProvider(blob: EncryptedPrivateKey, kek: Buffer, certificateChain: Buffer[]): KeyObjectProvider {
  return new KeyObjectProvider(decryptPrivateKey(blob, kek), certificateChain);
}
