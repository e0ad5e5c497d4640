/* Test-only helpers: a throw-away PKI made with the openssl CLI, a local RFC 3161 TSA, and wrappers
 * around the external verifiers (poppler's pdfsig with an NSS db, openssl cms / ts). */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derLength } from '../lib/cms/der';

export interface TestSigner {
  name: string;
  keyPem: string;
  certPem: string;
  certDer: Buffer;
  /** signer, intermediate */
  chain: Buffer[];
  p12Path: string;
  p12Password: string;
}

export interface TestPki {
  dir: string;
  caPath: string;
  caPem: string;
  caDer: Buffer;
  intermediatePem: string;
  nssDir: string;
  tsaKeyPath: string;
  tsaCertPath: string;
  signer(cn: string, opts?: { ec?: boolean }): TestSigner;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const pemToDer = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');

export function createTestPki(prefix = 'agendy-pades-'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const ext = join(dir, 'ext.cnf');
  writeFileSync(
    ext,
    [
      '[ca]',
      'basicConstraints=critical,CA:TRUE',
      'keyUsage=critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '[signer]',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,nonRepudiation',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '[tsa]',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,nonRepudiation',
      'extendedKeyUsage=critical,timeStamping',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n'),
  );
  openssl(
    ['req', '-x509', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650',
      '-subj', '/C=CZ/O=Krajský úřad Testovacího kraje/CN=Testovací kořenová CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  let serial = 100;
  const issue = (name: string, subj: string, section: string, issuer: 'ca' | 'int', keyAlg: string[] = ['-newkey', 'rsa:2048']) => {
    openssl(['req', '-utf8', ...keyAlg, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj], dir);
    openssl(
      ['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-set_serial', String(serial++),
        '-days', '730', '-sha256', '-extfile', 'ext.cnf', '-extensions', section, '-out', `${name}.pem`],
      dir,
    );
  };
  issue('int', '/C=CZ/O=Krajský úřad Testovacího kraje/CN=Podepisující CA úřadu', 'ca', 'ca');
  issue('tsa', '/C=CZ/O=Krajský úřad Testovacího kraje/CN=Časové razítko (test)', 'tsa', 'ca');

  const nssDir = join(dir, 'nss');
  execFileSync('mkdir', ['-p', nssDir]);
  execFileSync('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'ca', '-t', 'CT,C,C', '-i', join(dir, 'ca.pem')]);

  const caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  const intermediatePem = readFileSync(join(dir, 'int.pem'), 'utf8');
  let n = 0;
  return {
    dir,
    caPath: join(dir, 'ca.pem'),
    caPem,
    caDer: pemToDer(caPem),
    intermediatePem,
    nssDir,
    tsaKeyPath: join(dir, 'tsa.key'),
    tsaCertPath: join(dir, 'tsa.pem'),
    signer(cn, opts = {}) {
      const name = `signer${n++}`;
      issue(name, `/C=CZ/O=Krajský úřad Testovacího kraje/CN=${cn}`, 'signer', 'int',
        opts.ec ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048']);
      const p12Path = join(dir, `${name}.p12`);
      openssl(['pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-certfile', 'int.pem', '-out', p12Path,
        '-passout', 'pass:Heslo-123', '-name', cn], dir);
      const certPem = readFileSync(join(dir, `${name}.pem`), 'utf8');
      return {
        name: cn,
        keyPem: readFileSync(join(dir, `${name}.key`), 'utf8'),
        certPem,
        certDer: pemToDer(certPem),
        chain: [pemToDer(certPem), pemToDer(intermediatePem)],
        p12Path,
        p12Password: 'Heslo-123',
      };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A tiny RFC 3161 TSA: `openssl ts -reply` behind an HTTP server on 127.0.0.1. */
export async function startTestTsa(pki: TestPki): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const cfg = join(pki.dir, 'tsa.cnf');
  writeFileSync(
    cfg,
    [
      '[tsa]',
      'default_tsa = tsa_config',
      '[tsa_config]',
      `serial = ${join(pki.dir, 'tsaserial')}`,
      'crypto_device = builtin',
      `signer_cert = ${pki.tsaCertPath}`,
      `signer_key = ${pki.tsaKeyPath}`,
      `certs = ${pki.caPath}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  writeFileSync(join(pki.dir, 'tsaserial'), '01\n');
  let counter = 0;
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const q = join(pki.dir, `q${counter}.tsq`);
      const r = join(pki.dir, `r${counter++}.tsr`);
      writeFileSync(q, Buffer.concat(chunks));
      execFile('openssl', ['ts', '-reply', '-config', cfg, '-queryfile', q, '-out', r], (err) => {
        if (err) {
          res.writeHead(500).end(String(err));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(readFileSync(r));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function pdfsig(pki: TestPki, pdf: Uint8Array, name = 'check.pdf'): string {
  const file = join(pki.dir, name);
  writeFileSync(file, pdf);
  try {
    return execFileSync('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}`;
  }
}

/** Extracts each signature's CMS and signed bytes (by /ByteRange, textually). */
export function extractSignatures(pdf: Uint8Array): { cms: Buffer; signedBytes: Buffer; byteRange: number[] }[] {
  const buf = Buffer.from(pdf);
  const s = buf.toString('latin1');
  const out: { cms: Buffer; signedBytes: Buffer; byteRange: number[] }[] = [];
  for (const m of s.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const br = m.slice(1, 5).map(Number);
    const hex = s.slice(br[1] + 1, br[2] - 1);
    const raw = Buffer.from(hex, 'hex');
    out.push({
      cms: raw.subarray(0, derLength(raw)),
      signedBytes: Buffer.concat([buf.subarray(br[0], br[0] + br[1]), buf.subarray(br[2], br[2] + br[3])]),
      byteRange: br,
    });
  }
  return out;
}

/** `openssl cms -verify -cades` over one signature; returns { ok, output }. */
export function opensslCmsVerify(pki: TestPki, sig: { cms: Buffer; signedBytes: Buffer }, tag = 'x'): { ok: boolean; output: string } {
  const cms = join(pki.dir, `sig-${tag}.der`);
  const data = join(pki.dir, `data-${tag}.bin`);
  writeFileSync(cms, sig.cms);
  writeFileSync(data, sig.signedBytes);
  const r = spawnSync(
    'openssl',
    ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', cms, '-content', data, '-CAfile', pki.caPath, '-out', '/dev/null'],
    { encoding: 'utf8' },
  );
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
