import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { AppConfig } from './config';

/**
 * Small secrets kept in the database that the server must read back (TOTP shared secrets):
 * AES-256-GCM under a key derived from the deployment's key-encryption key (SIGNING_KEK), bound to
 * the row they belong to (the context is authenticated data), so a value copied to another row or
 * altered does not open. A database dump alone reveals none of them.
 */
const PREFIX = 'sealed:v1:';
const DEMO_MASTER_SEED = 'agendy-demo-signing-kek (never use in production)';

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /**
   * The box for one purpose (the purpose string separates keys: a TOTP key never opens anything
   * else). Without SIGNING_KEK — demo mode and tests only; production refuses to start without it
   * (readSigningSettings) — the public demo master key is used.
   */
  static forPurpose(config: Pick<AppConfig, 'signing'>, purpose: string): SecretBox {
    const master = config.signing.kekBase64 ? Buffer.from(config.signing.kekBase64, 'base64') : createHash('sha256').update(DEMO_MASTER_SEED).digest();
    return new SecretBox(Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `agendy/${purpose}`, 32)));
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return PREFIX + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  /** Throws when the value was altered, sealed for another context or under another key. */
  open(sealed: string, context: string): string {
    if (!SecretBox.isSealed(sealed)) throw new Error('not a sealed value');
    const [iv, tag, body] = sealed.slice(PREFIX.length).split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !body || iv.length !== 12 || tag.length !== 16) throw new Error('malformed sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
