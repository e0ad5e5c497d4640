import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { AgendaRegistry, partyKey, rolesIn, type UserFacts } from '@agendy/server/feature-agendas';
import { AuditWriter } from '@agendy/server/feature-audit';
import { RequestRuntime } from '@agendy/server/feature-requests';
import { signPdf, validatePdfSignatures, type KeyProvider } from '@agendy/signing/pades';
import type { AgendaDefinition, Effect, Party, ResolvedSigner, TransitionDefinition } from '@agendy/workflow/engine';
import { DocumentGenerator, sha256, type DocumentRow } from '../documents/document-generator';
import { OfficePki } from '../pki/office-pki.service';
import { SIGNING_SETTINGS, type SigningSettings } from '../signing-settings';
import { SignerConfirmation } from './signer-confirmation';
import { updatedRows } from '../sql';

export interface TaskRow {
  id: string;
  document_id: string;
  request_id: string;
  position: number;
  sign_order: number;
  level: 'simple' | 'advanced' | 'qualified' | 'seal';
  party: Party | null;
  party_key: string | null;
  status: 'pending' | 'signed' | 'cancelled';
  signed_by: string | null;
  on_behalf_of: string | null;
  signer_name: string | null;
  signed_at: Date | null;
}

type SignatureEffect = Extract<Effect, { type: 'requestSignatures' }>;

/**
 * Signature tasks in order: the engine's requestSignatures effect creates them; each signer signs
 * in turn (advanced: their own certificate from the office PKI, after re-entering the password or
 * a TOTP code); the office seal is applied by the system as soon as its turn comes; when nothing
 * is pending the document is signed and the request takes its system step (e.g. `signed`).
 */
@Injectable()
export class SignatureService {
  private readonly logger = new Logger('Signatures');

  constructor(
    private readonly ds: DataSource,
    private readonly registry: AgendaRegistry,
    private readonly generator: DocumentGenerator,
    private readonly pki: OfficePki,
    private readonly runtime: RequestRuntime,
    private readonly audit: AuditWriter,
    private readonly confirmation: SignerConfirmation,
    @Inject(SIGNING_SETTINGS) private readonly settings: SigningSettings,
  ) {}

  /** Effect handler body (inside the outbox row's transaction): tasks for the document, then the seal if it comes first. */
  async createTasks(em: EntityManager, outboxId: string, effect: SignatureEffect): Promise<void> {
    const doc = await this.generator.ensure(em, effect.requestId, effect.document, effect.documentKey, null);
    if (doc.status === 'superseded' || doc.status === 'signed') {
      this.logger.warn({ outboxId, document: doc.id, status: doc.status }, 'Signatures requested on a document that is no longer open');
      return;
    }
    const [req]: Array<{ agenda_code: string }> = await em.query(`SELECT agenda_code FROM requests WHERE id = $1`, [effect.requestId]);
    const signers: ResolvedSigner[] = effect.signers;
    for (const [position, s] of signers.entries()) {
      await em.query(
        `INSERT INTO signature_tasks (document_id, request_id, outbox_id, position, sign_order, level, party, party_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (outbox_id, position) DO NOTHING`,
        [doc.id, effect.requestId, outboxId, position, s.order, s.level, s.party ? JSON.stringify(s.party) : null, s.party ? partyKey(req.agenda_code, s.party) : null],
      );
    }
    await em.query(`UPDATE documents SET status = 'signing', updated_at = now() WHERE id = $1 AND status = 'generated'`, [doc.id]);
    await this.advance(em, doc.id);
  }

  /** The pending tasks whose turn it is (lowest order among the pending ones). */
  private async currentTasks(em: EntityManager, documentId: string): Promise<TaskRow[]> {
    return em.query(
      `SELECT * FROM signature_tasks WHERE document_id = $1 AND status = 'pending'
         AND sign_order = (SELECT MIN(sign_order) FROM signature_tasks WHERE document_id = $1 AND status = 'pending')
       ORDER BY position`,
      [documentId],
    );
  }

  /** Applies seals whose turn has come; completes the document and moves the request when nothing is pending. */
  private async advance(em: EntityManager, documentId: string): Promise<void> {
    for (;;) {
      const current = await this.currentTasks(em, documentId);
      const seal = current.find((t) => t.level === 'seal');
      if (seal) {
        const { provider, name } = await this.pki.sealProvider();
        await this.applySignature(em, documentId, seal, provider, { name, reason: 'Elektronická pečeť úřadu', signedBy: null, onBehalfOf: null, signerName: name });
        continue;
      }
      if (current.length) return;
      const [doc] = updatedRows<{ status: string; request_id: string; template_code: string }>(
        await em.query(`UPDATE documents SET status = 'signed', signed_at = now(), updated_at = now() WHERE id = $1 AND status = 'signing' RETURNING status, request_id, template_code`, [documentId]),
      );
      if (doc) await this.completeRequestStep(em, doc.request_id, documentId);
      return;
    }
  }

  /** The request's system step out of the signing state (the only transition the system may take from it). */
  private async completeRequestStep(em: EntityManager, requestId: string, documentId: string): Promise<void> {
    const [req]: Array<{ agenda_code: string; agenda_version: number; state: string }> = await em.query(`SELECT agenda_code, agenda_version, state FROM requests WHERE id = $1`, [requestId]);
    const definition = await this.registry.version(req.agenda_code, req.agenda_version);
    if (!definition) return;
    const step = systemStepFrom(definition, req.state);
    if (!step) {
      this.logger.log({ requestId, documentId, state: req.state }, 'Document signed; the state has no system step to take');
      return;
    }
    const [{ data }]: Array<{ data: Record<string, unknown> }> = await em.query(`SELECT snapshot->'data' AS data FROM requests WHERE id = $1`, [requestId]);
    const applied = await this.runtime.applyIn(em, requestId, { type: 'transition', name: step.name, data: signingDateFields(definition, step, data) }, { kind: 'system' }, { ip: null }, new Date());
    if (!applied.ok) this.logger.warn({ requestId, step: step.name, rejection: applied.rejection.code }, 'The system step after the last signature was refused');
  }

  /** A signer signs their task: identity re-confirmed, turn and eligibility checked, then the PDF is signed. */
  async sign(facts: UserFacts, documentId: string, taskId: string, confirm: { password?: string; otp?: string }, ip: string | null): Promise<void> {
    await this.confirmIdentity(facts.userId, confirm, ip);
    await this.ds.transaction((em) => this.signIn(em, facts, documentId, taskId));
    this.runtime.afterCommit();
  }

  private async signIn(em: EntityManager, facts: UserFacts, documentId: string, taskId: string): Promise<void> {
    const { doc, task, as } = await this.lockTurn(em, facts, documentId, taskId);
    const [me]: Array<{ display_name: string; title: string | null }> = await em.query(`SELECT display_name, title FROM users WHERE id = $1`, [facts.userId]);
    const principal = as.onBehalfOf ? ((await em.query(`SELECT display_name FROM users WHERE id = $1`, [as.onBehalfOf])) as Array<{ display_name: string }>)[0] : undefined;
    const signer = { name: me.display_name, role: me.title ?? undefined, reason: `Podpis: ${doc.title}`.slice(0, 200), signedBy: facts.userId, onBehalfOf: as.onBehalfOf ?? null, onBehalfOfName: principal?.display_name, signerName: me.display_name };
    if (task.level === 'qualified') throw new DomainException('QUALIFIED_SIGNATURE_REQUIRED');
    if (task.level === 'simple') {
      await this.recordSignature(em, doc, task, signer, null);
    } else {
      const { provider } = await this.pki.providerFor(facts.userId, em);
      await this.applySignature(em, documentId, task, provider, signer);
    }
    await this.advance(em, documentId);
  }

  /**
   * A qualified signature made outside Agendy: the upload must be exactly the current PDF plus an
   * incremental update with one more signature — valid, chained to a trusted anchor, covering the
   * whole file, earlier signatures intact — made with a certificate in the signer's own name.
   */
  async acceptQualified(facts: UserFacts, documentId: string, taskId: string, uploaded: Buffer, ip: string | null): Promise<void> {
    const anchors = await this.pki.trustAnchors();
    await this.ds.transaction(async (em) => {
      const { doc, task } = await this.lockTurn(em, facts, documentId, taskId);
      if (task.level !== 'qualified') throw new DomainException('WRONG_STATE', 'This signature is made in Agendy');
      const invalid = (detail: string) => new DomainException('QUALIFIED_SIGNATURE_INVALID', detail);
      if (uploaded.length <= doc.pdf.length || !uploaded.subarray(0, doc.pdf.length).equals(doc.pdf)) throw invalid('The upload must be this very PDF with the signature appended (an incremental update)');
      const before = (await validatePdfSignatures(doc.pdf, { trustedRoots: anchors }).catch(() => undefined))?.signatures.length ?? 0;
      const report = await validatePdfSignatures(uploaded, { trustedRoots: anchors }).catch(() => undefined);
      if (!report || report.signatures.length !== before + 1) throw invalid('Exactly one signature must be added');
      const added = report.signatures[report.signatures.length - 1];
      if (!report.valid || !added.coversWholeDocument) throw invalid(added.errors.join('; ') || 'The signatures are not valid');
      const [me]: Array<{ display_name: string }> = await em.query(`SELECT display_name FROM users WHERE id = $1`, [facts.userId]);
      const norm = (x: string) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
      if (!added.signer || norm(added.signer.commonName) !== norm(me.display_name)) throw invalid(`The certificate is issued to ${added.signer?.commonName ?? 'nobody'}, not to ${me.display_name}`);
      await this.recordSignature(em, doc, task, { signedBy: facts.userId, onBehalfOf: null, signerName: added.signer.commonName }, uploaded);
      await this.audit.append(em, { actorId: facts.userId, action: 'document.sign.qualified-upload', objectType: 'document', objectId: doc.id, ip, details: { task: task.id, signer: added.signer.subject, issuer: added.signer.issuer, qualified: added.signer.qcCompliance } });
      await this.advance(em, documentId);
    });
    this.runtime.afterCommit();
  }

  /** Locks the document and checks that the task is pending, its turn has come and the user may sign it. */
  private async lockTurn(em: EntityManager, facts: UserFacts, documentId: string, taskId: string): Promise<{ doc: DocumentRow; task: TaskRow; as: { onBehalfOf?: string } }> {
    const [doc]: DocumentRow[] = await em.query(`SELECT * FROM documents WHERE id = $1 FOR UPDATE`, [documentId]);
    if (!doc) throw new DomainException('NOT_FOUND');
    const [task]: TaskRow[] = await em.query(`SELECT * FROM signature_tasks WHERE id = $1 AND document_id = $2`, [taskId, documentId]);
    if (!task) throw new DomainException('NOT_FOUND');
    if (doc.status !== 'signing' || task.status !== 'pending') throw new DomainException('WRONG_STATE', 'This signature is no longer awaited');
    const current = await this.currentTasks(em, documentId);
    const [req]: Array<{ agenda_code: string; agenda_version: number }> = await em.query(`SELECT agenda_code, agenda_version FROM requests WHERE id = $1`, [doc.request_id]);
    const definition = await this.registry.version(req.agenda_code, req.agenda_version);
    if (!definition) throw new Error('agenda missing');
    const as = task.party ? signerAs(facts, definition, task.party) : undefined;
    if (!as || !current.some((t) => t.id === task.id)) throw new DomainException('SIGNATURE_NOT_YOUR_TURN');
    return { doc, task, as };
  }

  private async applySignature(
    em: EntityManager,
    documentId: string,
    task: TaskRow,
    provider: KeyProvider,
    s: { name: string; role?: string; reason: string; signedBy: string | null; onBehalfOf: string | null; onBehalfOfName?: string; signerName: string },
  ): Promise<void> {
    const [doc]: DocumentRow[] = await em.query(`SELECT * FROM documents WHERE id = $1`, [documentId]);
    const slot = doc.signature_slots[task.position];
    let signed: Uint8Array;
    try {
      signed = await signPdf(doc.pdf, {
        keyProvider: provider,
        name: s.name,
        ...(s.role ? { role: s.role } : {}),
        reason: s.reason,
        location: this.settings.officeName,
        ...(s.onBehalfOfName ? { onBehalfOf: s.onBehalfOfName } : {}),
        ...(slot ? { visible: { page: slot.page, rect: slot.rect } } : {}),
        ...(this.settings.tsaUrl ? { tsaUrl: this.settings.tsaUrl } : {}),
        fieldName: `Podpis${task.position + 1}`,
      });
    } catch (e) {
      this.logger.error({ documentId, task: task.id, err: (e as Error).message }, 'Signing failed');
      if (/tsa|timestamp|ECONNREFUSED|fetch|pkcs11|openssl/i.test((e as Error).message)) throw new DomainException('SIGNING_SERVICE_UNAVAILABLE');
      throw e;
    }
    await this.recordSignature(em, doc, task, s, Buffer.from(signed));
  }

  private async recordSignature(em: EntityManager, doc: DocumentRow, task: TaskRow, s: { signedBy: string | null; onBehalfOf: string | null; signerName: string }, pdf: Buffer | null): Promise<void> {
    if (pdf) await em.query(`UPDATE documents SET pdf = $2, sha256 = $3, size = $4, updated_at = now() WHERE id = $1`, [doc.id, pdf, sha256(pdf), pdf.length]);
    await em.query(`UPDATE signature_tasks SET status = 'signed', signed_by = $2, on_behalf_of = $3, signer_name = $4, signed_at = now() WHERE id = $1`, [task.id, s.signedBy, s.onBehalfOf, s.signerName]);
    await this.audit.append(em, {
      actorId: s.signedBy,
      onBehalfOf: s.onBehalfOf,
      action: task.level === 'seal' ? 'document.seal' : 'document.sign',
      objectType: 'document',
      objectId: doc.id,
      ip: null,
      details: { request: doc.request_id, task: task.id, level: task.level, order: task.sign_order, sha256: pdf ? sha256(pdf) : doc.sha256 },
    });
  }

  private async confirmIdentity(userId: string, confirm: { password?: string; otp?: string }, ip: string | null): Promise<void> {
    if (await this.confirmation.verify(userId, confirm, ip)) return;
    await this.ds.transaction((em) => this.audit.append(em, { actorId: userId, action: 'document.sign.confirmation-failed', objectType: 'user', objectId: userId, ip, details: {} }));
    throw new DomainException('SIGNATURE_CONFIRMATION_FAILED');
  }
}

/** Whether the user may sign for the party: in their own name, or as the deputy of an absent person. */
export function signerAs(facts: UserFacts, definition: AgendaDefinition, party: Party): { onBehalfOf?: string } | undefined {
  const matches = (f: UserFacts) =>
    party.kind === 'user' ? party.userId === f.userId : party.kind === 'role' ? rolesIn(f, definition).includes(party.role) : f.managerOf.includes(party.departmentId);
  if (matches(facts)) return {};
  const principal = facts.principals.find(matches);
  return principal ? { onBehalfOf: principal.userId } : undefined;
}

export function systemStepFrom(definition: AgendaDefinition, state: string): TransitionDefinition | undefined {
  return definition.workflow.transitions.find((t) => {
    const from = Array.isArray(t.from) ? t.from : [t.from];
    return from.includes(state) && t.to !== state && t.who.some((w) => 'system' in w && w.system === true);
  });
}

/**
 * The data the system step carries: a date field the step requires and the request does not have
 * yet (e.g. a contract's `signedOn`) is the day the last signature was made (Europe/Prague).
 */
export function signingDateFields(definition: AgendaDefinition, step: TransitionDefinition, data: Record<string, unknown>, now = new Date()): Record<string, unknown> {
  const properties = ((definition.form.schema as { properties?: Record<string, { format?: string }> }).properties ?? {});
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const out: Record<string, unknown> = {};
  for (const field of step.requiredFields ?? []) {
    if ((data[field] === undefined || data[field] === null) && properties[field]?.format === 'date' && step.editableFields?.includes(field)) out[field] = today;
  }
  return out;
}
