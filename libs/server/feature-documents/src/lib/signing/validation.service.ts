import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Readable } from 'node:stream';
import { DomainException } from '@agendy/server/core';
import { validatePdfSignatures } from '@agendy/signing/pades';
import type { SignatureValidationResponse } from '@agendy/shared/contracts';
import { OfficePki } from '../pki/office-pki.service';
import { SIGNING_SETTINGS, type SigningSettings } from '../signing-settings';

/** Reads a raw request body up to `limit` bytes (413 beyond). */
export async function readBody(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new DomainException('PAYLOAD_TOO_LARGE');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Validation of any PDF against the office CA and the configured trust anchors. */
@Injectable()
export class ValidationService {
  constructor(
    private readonly ds: DataSource,
    private readonly pki: OfficePki,
    @Inject(SIGNING_SETTINGS) private readonly settings: SigningSettings,
  ) {}

  get maxBytes(): number {
    return this.settings.maxUploadBytes;
  }

  async validate(pdf: Buffer): Promise<SignatureValidationResponse> {
    if (pdf.length < 8 || pdf.subarray(0, 1024).indexOf('%PDF-') < 0) throw new DomainException('PDF_INVALID');
    let report;
    try {
      report = await validatePdfSignatures(pdf, { trustedRoots: await this.pki.trustAnchors() });
    } catch {
      throw new DomainException('PDF_INVALID');
    }
    const fingerprints = report.signatures.map((s) => s.signer?.fingerprint256).filter((f): f is string => !!f);
    const known: Array<{ fingerprint256: string; status: string; revoked_at: Date | null }> = fingerprints.length
      ? await this.ds.query(`SELECT fingerprint256, status, revoked_at FROM signing_certificates WHERE fingerprint256 = ANY($1)`, [fingerprints])
      : [];
    const signatures = report.signatures.map((s) => {
      const k = known.find((c) => c.fingerprint256 === s.signer?.fingerprint256);
      const signedAt = (s.timestamp?.valid ? s.timestamp.time : undefined) ?? s.claimedSigningTime;
      const revokedBefore = !!k?.revoked_at && (!signedAt || new Date(k.revoked_at) <= signedAt);
      return {
        s,
        revocation: { status: k ? (k.status === 'revoked' ? ('revoked' as const) : ('good' as const)) : ('unknown' as const), revokedAt: k?.revoked_at ? new Date(k.revoked_at).toISOString() : null },
        revokedBefore,
      };
    });
    return {
      valid: report.valid && !signatures.some((x) => x.revokedBefore),
      revisions: report.revisions,
      signatures: signatures.map(({ s, revocation, revokedBefore }) => ({
        index: s.index,
        fieldName: s.fieldName ?? null,
        level: s.level,
        signer: s.signer ? { commonName: s.signer.commonName, subject: s.signer.subject, issuer: s.signer.issuer, serialNumber: s.signer.serialNumber, qualified: s.signer.qcCompliance } : null,
        name: s.name ?? null,
        reason: s.reason ?? null,
        claimedSigningTime: s.claimedSigningTime?.toISOString() ?? null,
        timestamp: s.timestamp ? { time: s.timestamp.time?.toISOString() ?? null, valid: s.timestamp.valid, trusted: s.timestamp.trusted, tsa: s.timestamp.tsa ?? null } : null,
        revision: s.revision,
        coversWholeDocument: s.coversWholeDocument,
        coversRevision: s.coversRevision,
        digestValid: s.digestValid,
        signatureValid: s.signatureValid,
        chainTrusted: s.chain.trusted,
        laterChangesAllowed: !s.modificationsAfterSigning.present || s.modificationsAfterSigning.onlySignaturesAndAnnotations,
        revocation,
        valid: s.valid && !revokedBefore,
        errors: revokedBefore ? [...s.errors, 'the certificate was revoked before the signing time'] : s.errors,
      })),
    };
  }
}
