import { createHash } from 'node:crypto';
import type { AppConfig } from '@agendy/server/core';

/**
 * The ONE place the documents area reads process.env (until these variables join the zod config in
 * libs/server/core/src/lib/config.ts — see docs/signing.md for the list). Everything has a safe
 * default for demo mode; production refuses to start signing without its own key-encryption key.
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

export function readSigningSettings(config: Pick<AppConfig, 'nodeEnv' | 'runtime'>, env: NodeJS.ProcessEnv = process.env): SigningSettings {
  const kekB64 = env['SIGNING_KEK']?.trim();
  let kek: Buffer;
  let kekIsDemo = false;
  if (kekB64) {
    kek = Buffer.from(kekB64, 'base64');
    if (kek.length !== 32) throw new Error('SIGNING_KEK must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  } else {
    if (config.nodeEnv === 'production' && env['DEMO_MODE'] !== 'true') throw new Error('SIGNING_KEK is required in production (openssl rand -base64 32)');
    kek = createHash('sha256').update(DEMO_KEK_SEED).digest();
    kekIsDemo = true;
  }
  const pkcs11Module = env['SEAL_PKCS11_MODULE']?.trim();
  const p12 = env['SEAL_P12_FILE']?.trim();
  return {
    kek,
    kekIsDemo,
    tsaUrl: env['TSA_URL']?.trim() || undefined,
    officeName: env['SIGNING_OFFICE_NAME']?.trim() || 'Krajský úřad Libereckého kraje',
    publicBaseUrl: (env['SIGNING_PUBLIC_BASE_URL']?.trim() || config.runtime.publicBaseUrl).replace(/\/+$/, ''),
    caCertFile: env['SIGNING_CA_CERT_FILE']?.trim() || undefined,
    caKeyFile: env['SIGNING_CA_KEY_FILE']?.trim() || undefined,
    sealPkcs11: pkcs11Module
      ? { modulePath: pkcs11Module, keyUri: env['SEAL_PKCS11_KEY_URI'] ?? '', pin: env['SEAL_PKCS11_PIN'] ?? '', certFile: env['SEAL_CERT_FILE'] ?? '' }
      : undefined,
    sealP12: p12 ? { file: p12, password: env['SEAL_P12_PASSWORD'] ?? '' } : undefined,
    trustAnchorsFile: env['SIGNING_TRUST_ANCHORS_FILE']?.trim() || undefined,
    maxUploadBytes: Number(env['SIGNING_MAX_UPLOAD_BYTES'] ?? 20 * 1024 * 1024),
  };
}
