import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { assertOutsideTransaction } from '@agendy/server/db';
import { JobProducer } from '@agendy/server/queue';
import { AgendaRegistry, partyKey, rolesIn, type UserFacts } from '@agendy/server/feature-agendas';
import { AuditWriter } from '@agendy/server/feature-audit';
import { RequestRuntime } from '@agendy/server/feature-requests';
import { signPdf, validatePdfSignatures, type KeyProvider } from '@agendy/signing/pades';
import type { AgendaDefinition, Effect, Party, ResolvedSigner, TransitionDefinition } from '@agendy/workflow/engine';
import { sha256, type DocumentRow } from '../documents/document-generator';
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

/** Who a recorded signature belongs to (null: the office seal). */
interface Signer {
  signedBy: string | null;
  onBehalfOf: string | null;
  signerName: string;
}

/** What goes into the signature dictionary and the visible box. */
interface Appearance extends Signer {
  name: string;
  role?: string;
  reason: string;
  onBehalfOfName?: string;
}

/** Tried again when a seal lost a race with another signature on the same document. */
const MAX_SEAL_ROUNDS = 10;

/**
 * Signature tasks in order: the engine's requestSignatures effect creates them; each signer signs
 * in turn (advanced: their own certificate from the office PKI, after re-entering the password or
 * a TOTP code); the office seal is applied by the worker as soon as its turn comes; when nothing
 * is pending the document is signed and the request takes its system step (e.g. `signed`).
 *
 * Transaction discipline (issue 18): RSA, PKCS#11, the TSA, key generation and PDF work happen
 * before a transaction, over the bytes read then; the transaction that records the signature locks
 * the document and accepts the new bytes only if the document is still the one that was signed
 * (same SHA-256) and the task still awaits this signature. Seals are applied after the commit of
 * the signature before them, by the worker (`documents.apply-seals`, with a sweep as backstop).
 */
@Injectable()
export class SignatureService {
  private readonly logger = new Logger('Signatures');

  constructor(
    private readonly ds: DataSource,
    private readonly registry: AgendaRegistry,
    private readonly pki: OfficePki,
    private readonly runtime: RequestRuntime,
    private readonly audit: AuditWriter,
    private readonly confirmation: SignerConfirmation,
    private readonly producer: JobProducer,
    @Inject(SIGNING_SETTINGS) private readonly settings: SigningSettings,
  ) {}

  /**
   * Effect handler body (inside the outbox row's transaction, document already generated): the
   * tasks for the document. A seal whose turn comes first is applied after commit (applyDueSeals).
   */
  async createTasks(em: EntityManager, outboxId: string, doc: DocumentRow, effect: SignatureEffect): Promise<void> {
    if (doc.status === 'superseded' || doc.status === 'signed') {
      this.logger.warn({ outboxId, document: doc.id, status: doc.status }, 'Signatures requested on a document that is no longer open');
      return;
    }
    const [req]: Array<{ agenda_code: string }> = await em.query(`SELECT agenda_code FROM requests WHERE id = $1`, [effect.requestId]);
    const signers: ResolvedSigner[] = effect.signers;
    await em.query(
      `INSERT INTO signature_tasks (document_id, request_id, outbox_id, position, sign_order, level, party, party_key)
       SELECT $1, $2, $3, s.position, s.sign_order, s.level, s.party, s.party_key
       FROM json_to_recordset($4::json) AS s(position int, sign_order int, level text, party jsonb, party_key text)
       ON CONFLICT (outbox_id, position) DO NOTHING`,
      [
        doc.id,
        effect.requestId,
        outboxId,
        JSON.stringify(signers.map((s, position) => ({ position, sign_order: s.order, level: s.level, party: s.party ?? null, party_key: s.party ? partyKey(req.agenda_code, s.party) : null }))),
      ],
    );
    await em.query(`UPDATE documents SET status = 'signing', updated_at = now() WHERE id = $1 AND status = 'generated'`, [doc.id]);
    await this.completeIfDone(em, doc.id);
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

  /**
   * Applies every seal whose turn has come, one at a time, each signed outside any transaction
   * and recorded in a short one. Safe to run twice at once (a job and the sweep): the loser of the
   * race finds the document changed and reads it again.
   */
  async applyDueSeals(documentId: string): Promise<number> {
    let applied = 0;
    for (let round = 0; round < MAX_SEAL_ROUNDS; round++) {
      const [doc]: DocumentRow[] = await this.ds.query(`SELECT * FROM documents WHERE id = $1`, [documentId]);
      if (!doc || doc.status !== 'signing') return applied;
      const seal = (await this.currentTasks(this.ds.manager, documentId)).find((t) => t.level === 'seal');
      if (!seal) return applied;
      const { provider, name } = await this.pki.sealProvider();
      const pdf = await this.signedBytes(doc, seal, provider, { name, reason: 'Elektronická pečeť úřadu', signedBy: null, onBehalfOf: null, signerName: name });
      const recorded = await this.ds.transaction(async (em) => {
        const locked = await this.lockUnchanged(em, doc, seal.id);
        if (!locked) return false;
        await this.recordSignature(em, locked, seal, { signedBy: null, onBehalfOf: null, signerName: name }, pdf, null);
        await this.completeIfDone(em, documentId);
        return true;
      });
      if (recorded) {
        applied++;
        this.runtime.afterCommit();
      }
    }
    this.logger.warn({ documentId }, 'Seal kept losing races; the sweep will try again');
    return applied;
  }

  /** Documents in signing whose current turn is a seal: the backstop for a seal job that was never queued. */
  async documentsAwaitingSeal(limit = 100): Promise<string[]> {
    const rows: Array<{ document_id: string }> = await this.ds.query(
      `SELECT t.document_id FROM signature_tasks t JOIN documents d ON d.id = t.document_id
       WHERE d.status = 'signing' AND t.status = 'pending' AND t.level = 'seal'
         AND t.sign_order = (SELECT MIN(p.sign_order) FROM signature_tasks p WHERE p.document_id = t.document_id AND p.status = 'pending')
       GROUP BY t.document_id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.document_id);
  }

  /**
   * After a commit that may have made a seal due: queue it for the worker (job id = the seal task,
   * so once per seal). Redis down is not the signer's problem: the sweep finds the seal later.
   */
  async queueDueSeals(documentId: string): Promise<void> {
    const seal = (await this.currentTasks(this.ds.manager, documentId)).find((t) => t.level === 'seal');
    if (!seal) return;
    await this.producer.enqueue('documents.apply-seals', { documentId }, { jobId: `seal-${seal.id}` }).catch((e: Error) => {
      this.logger.warn({ documentId, err: e.message }, 'Seal not queued; the sweep will apply it');
    });
  }

  /** In the transaction that recorded a signature: nothing pending → the document is signed and the request moves on. */
  private async completeIfDone(em: EntityManager, documentId: string): Promise<void> {
    const [pending]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM signature_tasks WHERE document_id = $1 AND status = 'pending'`, [documentId]);
    if (pending.n > 0) return;
    const [doc] = updatedRows<{ request_id: string }>(
      await em.query(`UPDATE documents SET status = 'signed', signed_at = now(), updated_at = now() WHERE id = $1 AND status = 'signing' RETURNING request_id`, [documentId]),
    );
    if (doc) await this.completeRequestStep(em, doc.request_id, documentId);
  }

  /** The request's system step out of the signing state (the only transition the system may take from it). */
  private async completeRequestStep(em: EntityManager, requestId: string, documentId: string): Promise<void> {
    const [req]: Array<{ agenda_code: string; agenda_version: number; state: string; data: Record<string, unknown> }> = await em.query(
      `SELECT agenda_code, agenda_version, state, snapshot->'data' AS data FROM requests WHERE id = $1`,
      [requestId],
    );
    const definition = await this.registry.version(req.agenda_code, req.agenda_version, em);
    if (!definition) return;
    const step = systemStepFrom(definition, req.state);
    if (!step) {
      this.logger.log({ requestId, documentId, state: req.state }, 'Document signed; the state has no system step to take');
      return;
    }
    const applied = await this.runtime.applyIn(em, requestId, { type: 'transition', name: step.name, data: signingDateFields(definition, step, req.data) }, { kind: 'system' }, { ip: null }, new Date());
    if (!applied.ok) this.logger.warn({ requestId, step: step.name, rejection: applied.rejection.code }, 'The system step after the last signature was refused');
  }

  /** A signer signs their task: identity re-confirmed, turn and eligibility checked, the PDF signed outside the transaction. */
  async sign(facts: UserFacts, documentId: string, taskId: string, confirm: { password?: string; otp?: string }, ip: string | null): Promise<void> {
    await this.confirmIdentity(facts.userId, confirm, ip);
    const { doc, task, as } = await this.checkTurn(this.ds.manager, facts, documentId, taskId);
    if (task.level === 'qualified') throw new DomainException('QUALIFIED_SIGNATURE_REQUIRED');
    const [me]: Array<{ display_name: string; title: string | null }> = await this.ds.query(`SELECT display_name, title FROM users WHERE id = $1`, [facts.userId]);
    const principal = as.onBehalfOf ? ((await this.ds.query(`SELECT display_name FROM users WHERE id = $1`, [as.onBehalfOf])) as Array<{ display_name: string }>)[0] : undefined;
    const signer: Appearance = {
      name: me.display_name,
      role: me.title ?? undefined,
      reason: `Podpis: ${doc.title}`.slice(0, 200),
      signedBy: facts.userId,
      onBehalfOf: as.onBehalfOf ?? null,
      onBehalfOfName: principal?.display_name,
      signerName: me.display_name,
    };
    const pdf = task.level === 'simple' ? null : await this.signedBytes(doc, task, (await this.pki.providerFor(facts.userId)).provider, signer);
    await this.ds.transaction(async (em) => {
      // A simple signature adds no bytes: only its turn must still hold.
      const locked = await this.lockUnchanged(em, doc, task.id, pdf !== null);
      if (!locked) throw new DomainException('CONFLICT', 'The document changed while it was being signed; open it again and sign');
      await this.recordSignature(em, locked, task, signer, pdf, ip);
      await this.completeIfDone(em, documentId);
    });
    this.runtime.afterCommit();
    await this.queueDueSeals(documentId);
  }

  /**
   * A qualified signature made outside Agendy: the upload must be exactly the current PDF plus an
   * incremental update with one more signature — valid, chained to a trusted anchor, covering the
   * whole file, earlier signatures intact — made with a certificate in the signer's own name.
   * Validated before the transaction; recorded only if the document is still the one extended.
   */
  async acceptQualified(facts: UserFacts, documentId: string, taskId: string, uploaded: Buffer, ip: string | null): Promise<void> {
    const { doc, task } = await this.checkTurn(this.ds.manager, facts, documentId, taskId);
    if (task.level !== 'qualified') throw new DomainException('WRONG_STATE', 'This signature is made in Agendy');
    const invalid = (detail: string) => new DomainException('QUALIFIED_SIGNATURE_INVALID', detail);
    if (uploaded.length <= doc.pdf.length || !uploaded.subarray(0, doc.pdf.length).equals(doc.pdf)) throw invalid('The upload must be this very PDF with the signature appended (an incremental update)');
    assertOutsideTransaction('signature validation');
    const anchors = await this.pki.trustAnchors();
    const before = (await validatePdfSignatures(doc.pdf, { trustedRoots: anchors }).catch(() => undefined))?.signatures.length ?? 0;
    const report = await validatePdfSignatures(uploaded, { trustedRoots: anchors }).catch(() => undefined);
    if (!report || report.signatures.length !== before + 1) throw invalid('Exactly one signature must be added');
    const added = report.signatures[report.signatures.length - 1];
    if (!report.valid || !added.coversWholeDocument) throw invalid(added.errors.join('; ') || 'The signatures are not valid');
    const [me]: Array<{ display_name: string }> = await this.ds.query(`SELECT display_name FROM users WHERE id = $1`, [facts.userId]);
    const norm = (x: string) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
    if (!added.signer || norm(added.signer.commonName) !== norm(me.display_name)) throw invalid(`The certificate is issued to ${added.signer?.commonName ?? 'nobody'}, not to ${me.display_name}`);
    const signer = added.signer;
    await this.ds.transaction(async (em) => {
      const locked = await this.lockUnchanged(em, doc, task.id);
      if (!locked) throw new DomainException('CONFLICT', 'The document changed meanwhile; sign its current version');
      await this.recordSignature(em, locked, task, { signedBy: facts.userId, onBehalfOf: null, signerName: signer.commonName }, uploaded, ip);
      await this.audit.append(em, { actorId: facts.userId, action: 'document.sign.qualified-upload', objectType: 'document', objectId: doc.id, ip, details: { task: task.id, signer: signer.subject, issuer: signer.issuer, qualified: signer.qcCompliance } });
      await this.completeIfDone(em, documentId);
    });
    this.runtime.afterCommit();
    await this.queueDueSeals(documentId);
  }

  /** Checks that the task is pending, its turn has come and the user may sign it (read without locks). */
  private async checkTurn(em: EntityManager, facts: UserFacts, documentId: string, taskId: string): Promise<{ doc: DocumentRow; task: TaskRow; as: { onBehalfOf?: string } }> {
    const [doc]: DocumentRow[] = await em.query(`SELECT * FROM documents WHERE id = $1`, [documentId]);
    if (!doc) throw new DomainException('NOT_FOUND');
    const [task]: TaskRow[] = await em.query(`SELECT * FROM signature_tasks WHERE id = $1 AND document_id = $2`, [taskId, documentId]);
    if (!task) throw new DomainException('NOT_FOUND');
    if (doc.status !== 'signing' || task.status !== 'pending') throw new DomainException('WRONG_STATE', 'This signature is no longer awaited');
    const current = await this.currentTasks(em, documentId);
    const [req]: Array<{ agenda_code: string; agenda_version: number }> = await em.query(`SELECT agenda_code, agenda_version FROM requests WHERE id = $1`, [doc.request_id]);
    const definition = await this.registry.version(req.agenda_code, req.agenda_version, em);
    if (!definition) throw new Error('agenda missing');
    const as = task.party ? signerAs(facts, definition, task.party) : undefined;
    if (!as || !current.some((t) => t.id === task.id)) throw new DomainException('SIGNATURE_NOT_YOUR_TURN');
    return { doc, task, as };
  }

  /**
   * In the recording transaction: the document locked and still exactly the bytes the signature
   * was made over, the task still pending and its turn still current — or undefined.
   */
  private async lockUnchanged(em: EntityManager, basis: DocumentRow, taskId: string, sameBytes = true): Promise<DocumentRow | undefined> {
    const [doc]: DocumentRow[] = await em.query(`SELECT * FROM documents WHERE id = $1 FOR UPDATE`, [basis.id]);
    if (!doc || doc.status !== 'signing' || (sameBytes && doc.sha256 !== basis.sha256)) return undefined;
    const current = await this.currentTasks(em, doc.id);
    return current.some((t) => t.id === taskId) ? doc : undefined;
  }

  /** The PDF with one more signature: RSA/PKCS#11 and the TSA, never inside a transaction. */
  private async signedBytes(doc: DocumentRow, task: TaskRow, provider: KeyProvider, s: Appearance): Promise<Buffer> {
    assertOutsideTransaction('PDF signing');
    const slot = doc.signature_slots[task.position];
    try {
      const signed = await signPdf(doc.pdf, {
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
      return Buffer.from(signed);
    } catch (e) {
      this.logger.error({ documentId: doc.id, task: task.id, err: (e as Error).message }, 'Signing failed');
      if (/tsa|timestamp|ECONNREFUSED|fetch|pkcs11|openssl/i.test((e as Error).message)) throw new DomainException('SIGNING_SERVICE_UNAVAILABLE');
      throw e;
    }
  }

  private async recordSignature(em: EntityManager, doc: DocumentRow, task: TaskRow, s: Signer, pdf: Buffer | null, ip: string | null): Promise<void> {
    if (pdf) await em.query(`UPDATE documents SET pdf = $2, sha256 = $3, size = $4, updated_at = now() WHERE id = $1`, [doc.id, pdf, sha256(pdf), pdf.length]);
    await em.query(`UPDATE signature_tasks SET status = 'signed', signed_by = $2, on_behalf_of = $3, signer_name = $4, signed_at = now() WHERE id = $1`, [task.id, s.signedBy, s.onBehalfOf, s.signerName]);
    await this.audit.append(em, {
      actorId: s.signedBy,
      onBehalfOf: s.onBehalfOf,
      action: task.level === 'seal' ? 'document.seal' : 'document.sign',
      objectType: 'document',
      objectId: doc.id,
      ip,
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
