import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DigestAlgorithm } from '../cms/oids';
import { KeyProvider } from './key-provider';

export const DEFAULT_PKCS11_ENGINE = '/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so';

export interface Pkcs11ProviderOptions {
  /** PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so or the HSM vendor's library. */
  modulePath: string;
  /** RFC 7512 URI of the private key, without the PIN, e.g. `pkcs11:token=Pečeť;object=seal;type=private`. */
  keyUri: string;
  /** User PIN; handed to openssl through the child's environment (never on the command line). */
  pin: string;
  /** DER certificates: the seal certificate first. */
  certificateChain: Buffer[];
  /** libp11's OpenSSL engine (Debian: libengine-pkcs11-openssl). */
  enginePath?: string;
  opensslBin?: string;
  /** Extra environment for the module (e.g. SOFTHSM2_CONF). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface DisposableKeyProvider extends KeyProvider {
  /** Removes the temporary OpenSSL configuration. */
  dispose(): void;
}

/**
 * Key provider for a PKCS#11 token (the office seal on an HSM; softhsm2 in tests). The private key
 * never leaves the token: the digest is computed here and `openssl pkeyutl` signs it through the
 * libp11 engine (PKCS#1 v1.5 with DigestInfo for RSA, DER ECDSA for EC keys). Chosen over
 * pkcs11js/graphene-pk11, which need a native build. One process per signature (~10 ms).
 */
export function pkcs11Provider(o: Pkcs11ProviderOptions): DisposableKeyProvider {
  const enginePath = o.enginePath ?? DEFAULT_PKCS11_ENGINE;
  if (!existsSync(enginePath)) throw new Error(`PKCS#11 engine not found at ${enginePath} (install libengine-pkcs11-openssl)`);
  if (!existsSync(o.modulePath)) throw new Error(`PKCS#11 module not found at ${o.modulePath}`);
  if (!o.keyUri.startsWith('pkcs11:')) throw new Error('keyUri must be a pkcs11: URI');
  if (/pin-(value|source)=/i.test(o.keyUri)) throw new Error('put the PIN in `pin`, not in the URI');
  if (/[\r\n]/.test(o.modulePath + enginePath)) throw new Error('invalid path');
  const dir = mkdtempSync(join(tmpdir(), 'agendy-pkcs11-'));
  const conf = join(dir, 'openssl.cnf');
  writeFileSync(
    conf,
    [
      'openssl_conf = openssl_init',
      '[openssl_init]',
      'engines = engine_section',
      '[engine_section]',
      'pkcs11 = pkcs11_section',
      '[pkcs11_section]',
      'engine_id = pkcs11',
      `dynamic_path = ${enginePath}`,
      `MODULE_PATH = ${o.modulePath}`,
      'init = 0',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );

  const sign = (digestAlgorithm: DigestAlgorithm, data: Buffer): Promise<Buffer> => {
    const digest = createHash(digestAlgorithm).update(data).digest();
    return new Promise((resolve, reject) => {
      const child = spawn(
        o.opensslBin ?? 'openssl',
        ['pkeyutl', '-engine', 'pkcs11', '-keyform', 'engine', '-inkey', o.keyUri, '-passin', 'env:AGENDY_PKCS11_PIN', '-sign', '-pkeyopt', `digest:${digestAlgorithm}`],
        {
          env: { ...process.env, ...(o.env ?? {}), OPENSSL_CONF: conf, AGENDY_PKCS11_PIN: o.pin },
          timeout: o.timeoutMs ?? 30_000,
        },
      );
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', reject);
      child.on('close', (code) => {
        const sig = Buffer.concat(out);
        if (code === 0 && sig.length > 0) resolve(sig);
        else reject(new Error(`PKCS#11 signing failed (exit ${code}): ${Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' | ')}`));
      });
      child.stdin.end(digest);
    });
  };

  return {
    certificateChain: o.certificateChain,
    sign,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
