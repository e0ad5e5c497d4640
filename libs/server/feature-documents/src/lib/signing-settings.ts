import { createHash } from 'node:crypto';
import type { AppConfig } from '@agendy/server/core';

/**
 * The documents area's view of the validated config (libs/server/core config.ts; variables in
 * docs/signing.md): the key-encryption key decoded, or — in demo mode and tests, where the config
 * allows its absence — a fixed demo key that is never accepted in production.
 */
export type SigningSettings = Omit<AppConfig['signing'], 'kekBase64'> & {
  /** 32-byte key-encryption key for private keys stored in the database. */
  kek: Buffer;
  kekIsDemo: boolean;
};

export const SIGNING_SETTINGS = Symbol('SIGNING_SETTINGS');

const DEMO_KEK_SEED = 'agendy-demo-signing-kek (never use in production)';

export function readSigningSettings(config: Pick<AppConfig, 'signing' | 'nodeEnv' | 'demoMode'>): SigningSettings {
  const c = config.signing;
  const kekIsDemo = !c.kekBase64;
  // A real office must bring its own key: the demo key is public (it is in this file).
  if (kekIsDemo && config.nodeEnv === 'production' && !config.demoMode) throw new Error('SIGNING_KEK is required in production (openssl rand -base64 32)');
  const { kekBase64, ...rest } = c;
  return { ...rest, kek: kekBase64 ? Buffer.from(kekBase64, 'base64') : createHash('sha256').update(DEMO_KEK_SEED).digest(), kekIsDemo };
}
