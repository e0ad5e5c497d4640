import { createPrivateKey, KeyObject, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { certificateRule } from '@agendy/server/authority';
import { DomainException } from '@agendy/server/core';
import { assertOutsideTransaction } from '@agendy/server/db';
import { AuditWriter } from '@agendy/server/feature-audit';
import {
  buildCrl,
  decryptPrivateKey,
  encryptPrivateKey,
  generateSigningKey,
  issueCertificate,
  KeyObjectProvider,
  pemBundleToDer,
  pkcs11Provider,
  randomSerial,
  readPkcs12,
  type DisposableKeyProvider,
  type EncryptedPrivateKey,
  type KeyProvider,
} from '@agendy/signing/pades';
import type { SigningCertificateInfo } from '@agendy/shared/contracts';
import { SIGNING_SETTINGS, type SigningSettings } from '../signing-settings';
import { updatedRows } from '../sql';

interface CaMaterial {
  certDer: Buffer;
  key: KeyObject;
}

interface CertRow {
  id: string;
  user_id: string | null;
  purpose: 'employee' | 'seal';
  source: 'issued' | 'uploaded';
  serial: string;
  subject: string;
  issuer: string;
  not_before: Date;
  not_after: Date;
  fingerprint256: string;
  cert_der: Buffer;
  chain_der: Buffer[];
  key_blob: EncryptedPrivateKey;
  status: 'active' | 'revoked';
  revoked_at: Date | null;
  created_at: Date;
}

const YEAR_MS = 365 * 86400_000;

/** RSA key generation takes tens of milliseconds of CPU: never while a transaction holds rows. */
function newKeyPair(): ReturnType<typeof generateSigningKey> {
  assertOutsideTransaction('key generation');
  return generateSigningKey();
}

/**
 * The office PKI for advanced signatures: an internal CA (generated on first use and kept in the
 * database, its key sealed with the KEK — or an external CA from PEM files), a certificate per
 * employee with a server-generated key (or an uploaded PKCS#12), revocation and the CRL, and the
 * key of the office seal (PKCS#11 token, PKCS#12 file, or — demo — a seal key issued by the CA).
 */
@Injectable()
export class OfficePki implements OnModuleDestroy {
  private readonly logger = new Logger('OfficePki');
  private ca: CaMaterial | undefined;
  private seal: DisposableKeyProvider | KeyObjectProvider | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    @Inject(SIGNING_SETTINGS) private readonly settings: SigningSettings,
  ) {}

  onModuleDestroy(): void {
    if (this.seal && 'dispose' in this.seal) this.seal.dispose();
  }

  get crlUrl(): string {
    return `${this.settings.publicBaseUrl}/api/v1/pki/crl`;
  }

  /** The CA; generated once (racing processes agree through the primary key). */
  async caMaterial(): Promise<CaMaterial> {
    if (this.ca && (await this.caStillStored())) return this.ca;
    if (this.settings.caCertFile && this.settings.caKeyFile) {
      this.ca = { certDer: pemBundleToDer(readFileSync(this.settings.caCertFile, 'utf8'))[0], key: createPrivateKey(readFileSync(this.settings.caKeyFile, 'utf8')) };
      return this.ca;
    }
    const load = async () => {
      const [row]: Array<{ cert_der: Buffer; key_blob: EncryptedPrivateKey }> = await this.ds.query(`SELECT cert_der, key_blob FROM pki_authorities WHERE id = 'office-ca'`);
      return row ? { certDer: row.cert_der, key: decryptPrivateKey(row.key_blob, this.settings.kek) } : undefined;
    };
    let ca = await load();
    if (!ca) {
      const pair = newKeyPair();
      const now = new Date(Date.now() - 60_000);
      const certDer = issueCertificate({
        subject: { commonName: `Podepisující CA – ${this.settings.officeName}`, organization: this.settings.officeName, country: 'CZ' },
        publicKey: pair.publicKey,
        issuerKey: pair.privateKey,
        serial: randomSerial(),
        notBefore: now,
        notAfter: new Date(now.getTime() + 10 * YEAR_MS),
        profile: 'ca',
      });
      await this.ds.query(`INSERT INTO pki_authorities (id, cert_der, key_blob) VALUES ('office-ca', $1, $2) ON CONFLICT (id) DO NOTHING`, [
        certDer,
        JSON.stringify(encryptPrivateKey(pair.privateKey, this.settings.kek, 'office-ca')),
      ]);
      ca = await load();
      if (!ca) throw new Error('the office CA could not be stored');
      this.logger.log('Generated the office CA (demo mode or no SIGNING_CA_CERT_FILE)');
    }
    this.ca = ca;
    return ca;
  }

  /** A cached CA must still be the stored one (tests truncate tables; an admin may rotate it). */
  private async caStillStored(): Promise<boolean> {
    if (this.settings.caCertFile) return true;
    const rows: Array<{ cert_der: Buffer }> = await this.ds.query(`SELECT cert_der FROM pki_authorities WHERE id = 'office-ca'`);
    return rows.length > 0 && Buffer.compare(rows[0].cert_der, this.ca?.certDer ?? Buffer.alloc(0)) === 0;
  }

  async caCertificate(): Promise<Buffer> {
    return (await this.caMaterial()).certDer;
  }

  /** Trust anchors for validation: the office CA and configured external anchors (qualified CAs). */
  async trustAnchors(): Promise<Buffer[]> {
    const extra = this.settings.trustAnchorsFile ? pemBundleToDer(readFileSync(this.settings.trustAnchorsFile, 'utf8')) : [];
    const sealChain = this.settings.sealPkcs11?.certFile ? pemBundleToDer(readFileSync(this.settings.sealPkcs11.certFile, 'utf8')).slice(-1) : [];
    return [await this.caCertificate(), ...extra, ...sealChain];
  }

  async myCertificate(userId: string): Promise<SigningCertificateInfo | null> {
    const [row]: CertRow[] = await this.ds.query(`SELECT * FROM signing_certificates WHERE user_id = $1 ORDER BY (status = 'active') DESC, created_at DESC LIMIT 1`, [userId]);
    return row ? toInfo(row) : null;
  }

  /** Issues the employee a certificate with a key generated here and sealed with the KEK. */
  async issueFor(userId: string, ip: string | null): Promise<SigningCertificateInfo> {
    const [user]: Array<{ display_name: string; email: string | null; username: string }> = await this.ds.query(`SELECT display_name, email, username FROM users WHERE id = $1 AND active`, [userId]);
    if (!user) throw new DomainException('NOT_FOUND');
    const ca = await this.caMaterial();
    const pair = newKeyPair();
    const now = new Date(Date.now() - 60_000);
    const certDer = issueCertificate({
      subject: { commonName: user.display_name, organization: this.settings.officeName, country: 'CZ', ...(user.email && /^[\x20-\x7e]+$/.test(user.email) ? { email: user.email } : {}) },
      publicKey: pair.publicKey,
      issuerCertificate: ca.certDer,
      issuerKey: ca.key,
      serial: randomSerial(),
      notBefore: now,
      notAfter: new Date(now.getTime() + 2 * YEAR_MS),
      profile: 'signer',
      crlUrl: this.crlUrl,
    });
    return this.store(userId, 'employee', 'issued', certDer, [], pair.privateKey, ip);
  }

  /** Keeps an uploaded PKCS#12 (the employee's own key, e.g. from a commercial CA) sealed with the KEK. */
  async uploadFor(userId: string, p12: Buffer, password: string, ip: string | null): Promise<SigningCertificateInfo> {
    let material: { key: KeyObject; chain: Buffer[] };
    try {
      material = readPkcs12(p12, password);
    } catch {
      throw new DomainException('PKCS12_INVALID');
    }
    const cert = new X509Certificate(material.chain[0]);
    if (new Date(cert.validTo) < new Date()) throw new DomainException('CERTIFICATE_EXPIRED');
    return this.store(userId, 'employee', 'uploaded', material.chain[0], material.chain.slice(1), material.key, ip);
  }

  private async store(userId: string | null, purpose: 'employee' | 'seal', source: 'issued' | 'uploaded', certDer: Buffer, chain: Buffer[], key: KeyObject, ip: string | null): Promise<SigningCertificateInfo> {
    const cert = new X509Certificate(certDer);
    const id = randomUUID();
    return this.ds.transaction(async (em) => {
      const active: unknown[] = await em.query(
        purpose === 'seal' ? `SELECT 1 FROM signing_certificates WHERE purpose = 'seal' AND status = 'active'` : `SELECT 1 FROM signing_certificates WHERE user_id = $1 AND status = 'active'`,
        purpose === 'seal' ? [] : [userId],
      );
      if (active.length) throw new DomainException('CERTIFICATE_EXISTS');
      const [row]: CertRow[] = await em.query(
        `INSERT INTO signing_certificates (id, user_id, purpose, source, serial, subject, issuer, not_before, not_after, fingerprint256, cert_der, chain_der, key_blob)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
        [id, userId, purpose, source, cert.serialNumber, cert.subject, cert.issuer, new Date(cert.validFrom), new Date(cert.validTo), cert.fingerprint256, certDer, chain, JSON.stringify(encryptPrivateKey(key, this.settings.kek, id))],
      );
      await this.audit.append(em, { actorId: userId, action: 'pki.certificate.store', objectType: 'signing-certificate', objectId: id, ip, details: { purpose, source, serial: cert.serialNumber, subject: cert.subject } });
      return toInfo(row);
    });
  }

  /** Revokes a certificate: the owner their own, a system administrator anyone's. */
  async revoke(actor: { userId: string; isAdmin: boolean }, certificateId: string, reason: string | undefined, ip: string | null): Promise<SigningCertificateInfo> {
    return this.ds.transaction(async (em) => {
      const [row]: CertRow[] = await em.query(`SELECT * FROM signing_certificates WHERE id = $1 FOR UPDATE`, [certificateId]);
      // The authority's rule (rules/identity.ts certificateRule), also enforced before the handler.
      if (certificateRule.decide({ exists: row !== undefined, holder: row?.user_id === actor.userId, systemAdmin: actor.isAdmin }, 'revoke') !== 'allow') throw new DomainException('NOT_FOUND');
      if (row.status === 'revoked') return toInfo(row);
      const [updated] = updatedRows<CertRow>(
        await em.query(`UPDATE signing_certificates SET status = 'revoked', revoked_at = now(), revocation_reason = $2 WHERE id = $1 RETURNING *`, [certificateId, reason ?? null]),
      );
      await em.query(`UPDATE pki_authorities SET crl_number = crl_number + 1`);
      await this.audit.append(em, { actorId: actor.userId, action: 'pki.certificate.revoke', objectType: 'signing-certificate', objectId: certificateId, ip, details: { serial: row.serial, reason: reason ?? null } });
      return toInfo(updated);
    });
  }

  /** The CRL of the office CA (DER), valid for a day; regenerated on every request (it is small). */
  async crl(now = new Date()): Promise<Buffer> {
    const ca = await this.caMaterial();
    const caSubject = new X509Certificate(ca.certDer).subject;
    const revoked: Array<{ serial: string; revoked_at: Date }> = await this.ds.query(
      `SELECT serial, revoked_at FROM signing_certificates WHERE status = 'revoked' AND source = 'issued' AND issuer = $1 ORDER BY revoked_at`,
      [caSubject],
    );
    const [n]: Array<{ crl_number: string }> = await this.ds.query(`SELECT crl_number FROM pki_authorities WHERE id = 'office-ca'`);
    return buildCrl({
      issuerCertificate: ca.certDer,
      issuerKey: ca.key,
      crlNumber: BigInt(n?.crl_number ?? 1),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 86400_000),
      revoked: revoked.map((r) => ({ serial: BigInt(`0x${r.serial}`), revokedAt: r.revoked_at })),
    });
  }

  /** The employee's signing key, or SIGNING_CERTIFICATE_MISSING. */
  async providerFor(userId: string, em: EntityManager = this.ds.manager): Promise<{ provider: KeyProvider; certificateId: string }> {
    const [row]: CertRow[] = await em.query(`SELECT * FROM signing_certificates WHERE user_id = $1 AND status = 'active' AND not_after > now()`, [userId]);
    if (!row) throw new DomainException('SIGNING_CERTIFICATE_MISSING');
    return { provider: this.providerOf(row), certificateId: row.id };
  }

  private providerOf(row: CertRow): KeyObjectProvider {
    const chain = row.source === 'issued' ? [row.cert_der] : [row.cert_der, ...row.chain_der];
    return new KeyObjectProvider(decryptPrivateKey(row.key_blob, this.settings.kek), chain);
  }

  /** The office seal: the configured token or file, else (demo) a seal certificate from the office CA. */
  async sealProvider(): Promise<{ provider: KeyProvider; name: string }> {
    const s = this.settings;
    if (s.sealPkcs11) {
      if (!this.seal) {
        const chain = pemBundleToDer(readFileSync(s.sealPkcs11.certFile, 'utf8'));
        this.seal = pkcs11Provider({ modulePath: s.sealPkcs11.modulePath, keyUri: s.sealPkcs11.keyUri, pin: s.sealPkcs11.pin, certificateChain: chain });
      }
      return { provider: this.seal, name: s.officeName };
    }
    if (s.sealP12) {
      if (!this.seal) {
        const { key, chain } = readPkcs12(readFileSync(s.sealP12.file), s.sealP12.password);
        this.seal = new KeyObjectProvider(key, chain);
      }
      return { provider: this.seal, name: s.officeName };
    }
    const find = async () => {
      const [row]: CertRow[] = await this.ds.query(`SELECT * FROM signing_certificates WHERE purpose = 'seal' AND status = 'active'`);
      return row;
    };
    let row = await find();
    if (!row) {
      const ca = await this.caMaterial();
      const pair = newKeyPair();
      const now = new Date(Date.now() - 60_000);
      const certDer = issueCertificate({
        subject: { commonName: `Elektronická pečeť – ${s.officeName}`, organization: s.officeName, country: 'CZ' },
        publicKey: pair.publicKey,
        issuerCertificate: ca.certDer,
        issuerKey: ca.key,
        serial: randomSerial(),
        notBefore: now,
        notAfter: new Date(now.getTime() + 3 * YEAR_MS),
        profile: 'seal',
        crlUrl: this.crlUrl,
      });
      await this.store(null, 'seal', 'issued', certDer, [], pair.privateKey, null).catch((e) => {
        if (!(e instanceof DomainException)) throw e; // another process stored one first
      });
      row = await find();
    }
    return { provider: this.providerOf(row), name: s.officeName };
  }
}

function toInfo(row: CertRow): SigningCertificateInfo {
  return {
    id: row.id,
    purpose: row.purpose,
    source: row.source,
    serialNumber: row.serial,
    subject: row.subject,
    issuer: row.issuer,
    notBefore: new Date(row.not_before).toISOString(),
    notAfter: new Date(row.not_after).toISOString(),
    fingerprint256: row.fingerprint256,
    status: row.status,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
