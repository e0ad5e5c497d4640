import { createHash } from 'node:crypto';
import type { AppConfig } from '@agendy/server/core';

/**
 * The documents area's view of the validated config (libs/server/core config.ts; variables in
 * docs/signing.md): the key-encryption key decoded, or — in demo mode and tests, where the config
 * allows its absence — a fixed demo key that is never accepted in production.
 */
export interface SigningSettings {
  /** 32-byte key-encryption key for private keys stored in the database (SIGNING_KEK, base64). */
  kek: Buffer;
  kekIsDemo: boolean;
  /** RFC 3161 TSA: every signature becomes PAdES B-T (TSA_URL). */
  tsaUrl: string | undefined;
  officeName: string;
  /** Base URL of the api as seen by relying parties (for the CRL distribution point). */
  publicBaseUrl: string;
  /** External CA (PEM files) instead of the generated one (SIGNING_CA_CERT_FILE, SIGNING_CA_KEY_FILE). */
  caCertFile: string | undefined;
  caKeyFile: string | undefined;
  /** The office seal on a PKCS#11 token (SEAL_PKCS11_MODULE, SEAL_PKCS11_KEY_URI, SEAL_PKCS11_PIN, SEAL_CERT_FILE). */
  sealPkcs11: { modulePath: string; keyUri: string; pin: string; certFile: string } | undefined;
  /** Or in a PKCS#12 file (SEAL_P12_FILE, SEAL_P12_PASSWORD). Neither: a seal key issued by the office CA (demo). */
  sealP12: { file: string; password: string } | undefined;
  /** Extra trust anchors for validating uploaded PDFs, PEM bundle (SIGNING_TRUST_ANCHORS_FILE). */
  trustAnchorsFile: string | undefined;
  /** Largest PDF accepted by the validation endpoint (SIGNING_MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
}

export const SIGNING_SETTINGS = Symbol('SIGNING_SETTINGS');

const DEMO_KEK_SEED = 'agendy-demo-signing-kek (never use in production)';

export function readSigningSettings(config: Pick<AppConfig, 'signing' | 'nodeEnv' | 'demoMode'>): SigningSettings {
  const c = config.signing;
  const kekIsDemo = !c.kekBase64;
  // A real office must bring its own key: the demo key is public (it is in this file).
  if (kekIsDemo && config.nodeEnv === 'production' && !config.demoMode) throw new Error('SIGNING_KEK is required in production (openssl rand -base64 32)');
  return {
    kek: c.kekBase64 ? Buffer.from(c.kekBase64, 'base64') : createHash('sha256').update(DEMO_KEK_SEED).digest(),
    kekIsDemo,
    tsaUrl: c.tsaUrl,
    officeName: c.officeName,
    publicBaseUrl: c.publicBaseUrl,
    caCertFile: c.caCertFile,
    caKeyFile: c.caKeyFile,
    sealPkcs11: c.sealPkcs11,
    sealP12: c.sealP12,
    trustAnchorsFile: c.trustAnchorsFile,
    maxUploadBytes: c.maxUploadBytes,
  };
}
