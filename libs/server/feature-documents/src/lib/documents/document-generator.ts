import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { assertOutsideTransaction } from '@agendy/server/db';
import { AgendaRegistry } from '@agendy/server/feature-agendas';
import { AuditWriter } from '@agendy/server/feature-audit';
import { renderDocument } from '@agendy/signing/pades';
import type { DocumentTemplateBody, DocumentTemplateInfo } from '@agendy/shared/contracts';
import { templateProblemInDefinition, type AgendaDefinition, type FormData, type TemplateProblem, type WorkflowSnapshot } from '@agendy/workflow/engine';
import { SIGNING_SETTINGS, type SigningSettings } from '../signing-settings';
import { updatedRows } from '../sql';
import { SHIPPED_TEMPLATES } from '../templates/shipped-templates';
import { buildDocumentSpec, genericTemplate, templateProblems, type TemplateContext } from '../templates/template-renderer';

export interface DocumentRow {
  id: string;
  request_id: string;
  template_code: string;
  document_key: string;
  version: number;
  status: 'generated' | 'signing' | 'signed' | 'superseded';
  title: string;
  file_name: string;
  pdf: Buffer;
  sha256: string;
  size: number;
  signature_slots: Array<{ page: number; rect: [number, number, number, number] }>;
  signed_at: Date | null;
  created_at: Date;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Documents from templates. A document key (`<request>/<template>@<snapshot version>`, set by the
 * engine) is generated exactly once; a newer generation of the same template supersedes the older
 * versions, signed ones included — a signed PDF is never rewritten.
 */
@Injectable()
export class DocumentGenerator {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: AgendaRegistry,
    private readonly audit: AuditWriter,
    @Inject(SIGNING_SETTINGS) private readonly settings: SigningSettings,
  ) {
    // The designer refuses a new version of an agenda whose templates name what it no longer has.
    registry.registerDefinitionCheck((em, definition) => this.templatesAgainst(em, definition));
  }

  /**
   * The agenda's own templates (saved ones, else shipped ones) checked against a definition: a
   * version that drops a field a template prints is refused, located at its document.
   */
  private async templatesAgainst(em: EntityManager, definition: AgendaDefinition): Promise<Array<{ pointer: string; rule: string; message: { cs: string; en: string } }>> {
    if (definition.documents.length === 0) return [];
    const rows: Array<{ code: string; body: DocumentTemplateBody }> = await em.query(`SELECT code, body FROM document_templates WHERE agenda_code = $1`, [definition.code]);
    const problems = [];
    for (const doc of definition.documents) {
      // The generic layout is made from the definition itself: nothing in it can be missing.
      const body = rows.find((r) => r.code === doc.code)?.body ?? SHIPPED_TEMPLATES[`${definition.code}/${doc.code}`];
      if (body) problems.push(...templateProblems(definition, doc.code, body).map((p) => templateProblemInDefinition(definition, doc.code, p)));
    }
    return problems;
  }

  /**
   * The document for a key, generated when it does not exist yet. Rendering the PDF is slow work,
   * so it happens before the short transaction that stores it (issue 18); two racing generations
   * of one key serialise on an advisory lock there, and the second returns the first's document.
   */
  async ensure(requestId: string, templateCode: string, documentKey: string, outboxId: string | null): Promise<DocumentRow> {
    const existing = await this.byKey(this.ds.manager, documentKey);
    if (existing) return existing;
    const id = randomUUID();
    const rendered = await this.render(id, requestId, templateCode);
    return this.ds.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`document:${requestId}/${templateCode}`]);
      const raced = await this.byKey(em, documentKey);
      if (raced) return raced;
      const [{ next }]: Array<{ next: number }> = await em.query(`SELECT COALESCE(MAX(version), 0) + 1 AS next FROM documents WHERE request_id = $1 AND template_code = $2`, [requestId, templateCode]);
      const superseded = updatedRows<{ id: string }>(
        await em.query(
          `UPDATE documents SET status = 'superseded', superseded_at = now(), updated_at = now() WHERE request_id = $1 AND template_code = $2 AND status <> 'superseded' RETURNING id`,
          [requestId, templateCode],
        ),
      );
      if (superseded.length) await em.query(`UPDATE signature_tasks SET status = 'cancelled' WHERE document_id = ANY($1) AND status = 'pending'`, [superseded.map((s) => s.id)]);
      const fileName = `${rendered.fileStem}-v${next}.pdf`;
      const [row]: DocumentRow[] = await em.query(
        `INSERT INTO documents (id, request_id, template_code, document_key, version, status, title, file_name, pdf, sha256, size, signature_slots, outbox_id)
         VALUES ($1, $2, $3, $4, $5, 'generated', $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
        [id, requestId, templateCode, documentKey, next, rendered.title, fileName, rendered.bytes, sha256(rendered.bytes), rendered.bytes.length, JSON.stringify(rendered.signatureSlots), outboxId],
      );
      await this.audit.append(em, {
        actorId: null,
        action: 'document.generate',
        objectType: 'document',
        objectId: id,
        ip: null,
        details: { request: requestId, reference: rendered.reference, template: templateCode, version: next, sha256: row.sha256, superseded: superseded.map((s) => s.id) },
      });
      return row;
    });
  }

  private async byKey(em: EntityManager, documentKey: string): Promise<DocumentRow | undefined> {
    const [row]: DocumentRow[] = await em.query(`SELECT * FROM documents WHERE document_key = $1`, [documentKey]);
    return row;
  }

  /** Reads the request as it is now and renders its PDF (outside any transaction). */
  private async render(
    id: string,
    requestId: string,
    templateCode: string,
  ): Promise<{ bytes: Buffer; signatureSlots: DocumentRow['signature_slots']; title: string; fileStem: string; reference: string }> {
    const [req]: Array<{ reference: string; agenda_code: string; agenda_version: number; snapshot: WorkflowSnapshot; filer_name: string }> = await this.ds.query(
      `SELECT r.reference, r.agenda_code, r.agenda_version, r.snapshot, u.display_name AS filer_name FROM requests r JOIN users u ON u.id = r.filer_id WHERE r.id = $1`,
      [requestId],
    );
    if (!req) throw new Error(`request ${requestId} of a document is missing`);
    const definition = await this.registry.version(req.agenda_code, req.agenda_version);
    if (!definition) throw new Error(`agenda ${req.agenda_code} v${req.agenda_version} is missing`);
    const body = await this.templateBody(this.ds.manager, definition, templateCode);
    const ctx = await this.context(this.ds.manager, definition, req.snapshot.data, { id: requestId, reference: req.reference, filerName: req.filer_name, state: req.snapshot.state });
    const spec = buildDocumentSpec(body, ctx, templateCode, id);
    assertOutsideTransaction('PDF rendering');
    const { pdf, signatureSlots } = await renderDocument(spec);
    return {
      bytes: Buffer.from(pdf),
      signatureSlots,
      title: spec.title,
      fileStem: safeFileName(body.fileName ? fillName(body.fileName, ctx) : `${templateCode}-${req.reference}`),
      reference: req.reference,
    };
  }

  /** Preview for administrators: renders a template over sample or given data without storing anything. */
  async preview(agendaCode: string, templateCode: string, body: DocumentTemplateBody | undefined, data: FormData): Promise<Buffer> {
    const definition = await this.editedDefinition(agendaCode);
    if (!definition?.documents?.some((d) => d.code === templateCode)) throw new DomainException('NOT_FOUND');
    if (body) {
      const problems = templateProblems(definition, templateCode, body);
      if (problems.length) throw invalidTemplate(problems);
    }
    const template = body ?? (await this.templateBody(this.ds.manager, definition, templateCode));
    const ctx = await this.context(this.ds.manager, definition, data, { id: '00000000-0000-4000-8000-000000000000', reference: 'VZOR/2026/00001', filerName: 'Jan Vzorový', state: definition.workflow.initial });
    assertOutsideTransaction('PDF rendering');
    const { pdf } = await renderDocument(buildDocumentSpec(template, ctx, templateCode, randomUUID()));
    return Buffer.from(pdf);
  }

  /**
   * The version an administrator is working on: the draft when there is one (a new document may
   * exist only there), else the published version. Templates are per agenda, not per version.
   */
  private async editedDefinition(agendaCode: string): Promise<AgendaDefinition | undefined> {
    const [draft]: Array<{ version: number }> = await this.ds.query(`SELECT version FROM agenda_versions WHERE agenda_code = $1 AND status = 'draft' ORDER BY version DESC LIMIT 1`, [agendaCode]);
    if (draft) return this.registry.version(agendaCode, draft.version);
    return (await this.registry.findPublished(agendaCode))?.definition;
  }

  async getTemplate(agendaCode: string, templateCode: string): Promise<DocumentTemplateInfo> {
    const definition = await this.editedDefinition(agendaCode);
    const doc = definition?.documents?.find((d) => d.code === templateCode);
    if (!definition || !doc) throw new DomainException('NOT_FOUND');
    const [row]: Array<{ body: DocumentTemplateBody; version: number; updated_at: Date }> = await this.ds.query(`SELECT body, version, updated_at FROM document_templates WHERE agenda_code = $1 AND code = $2`, [agendaCode, templateCode]);
    return {
      agendaCode,
      code: templateCode,
      name: doc.name,
      origin: row ? 'database' : 'shipped',
      version: row?.version ?? 0,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
      body: row?.body ?? this.shipped(definition, templateCode),
    };
  }

  async putTemplate(actorId: string, agendaCode: string, templateCode: string, body: unknown, ip: string | null): Promise<DocumentTemplateInfo> {
    const definition = await this.editedDefinition(agendaCode);
    await this.getTemplate(agendaCode, templateCode); // 404 for unknown agenda or document
    // Every problem at once, each at its place in the template (issue 20).
    const problems = definition ? templateProblems(definition, templateCode, body) : [];
    if (problems.length) throw invalidTemplate(problems);
    await this.ds.transaction(async (em) => {
      const [row]: Array<{ version: number }> = await em.query(
        `INSERT INTO document_templates (agenda_code, code, body, version, updated_by, updated_at) VALUES ($1, $2, $3, 1, $4, now())
         ON CONFLICT (agenda_code, code) DO UPDATE SET body = EXCLUDED.body, version = document_templates.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING version`,
        [agendaCode, templateCode, JSON.stringify(body), actorId],
      );
      await this.audit.append(em, { actorId, action: 'document-template.update', objectType: 'document-template', objectId: `${agendaCode}/${templateCode}`, ip, details: { version: row.version } });
    });
    return this.getTemplate(agendaCode, templateCode);
  }

  private async templateBody(em: EntityManager, definition: AgendaDefinition, templateCode: string): Promise<DocumentTemplateBody> {
    const [row]: Array<{ body: DocumentTemplateBody }> = await em.query(`SELECT body FROM document_templates WHERE agenda_code = $1 AND code = $2`, [definition.code, templateCode]);
    return row?.body ?? this.shipped(definition, templateCode);
  }

  private shipped(definition: AgendaDefinition, templateCode: string): DocumentTemplateBody {
    const name = definition.documents?.find((d) => d.code === templateCode)?.name.cs ?? definition.name.cs;
    return SHIPPED_TEMPLATES[`${definition.code}/${templateCode}`] ?? genericTemplate(definition, name, templateCode);
  }

  private async context(em: EntityManager, definition: AgendaDefinition, data: FormData, request: TemplateContext['request']): Promise<TemplateContext> {
    // User pickers store ids: print names instead.
    const ids = [...new Set(JSON.stringify(data).match(UUID) ?? [])];
    const users: Array<{ id: string; display_name: string }> = ids.length ? await em.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [ids]) : [];
    return { definition, data, request, office: { name: this.settings.officeName }, userNames: new Map(users.map((u) => [u.id, u.display_name])), now: new Date() };
  }
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** 422 TEMPLATE_INVALID with every problem as a field error of the template body (pointer, rule, message). */
function invalidTemplate(problems: readonly TemplateProblem[]): DomainException {
  const detail = problems.map((p) => `${p.pointer || '/'}: ${p.message.en}`).join('; ');
  return new DomainException('TEMPLATE_INVALID', detail, { errors: problems.map((p) => ({ pointer: p.pointer, rule: p.rule, message: p.message })) });
}

function fillName(pattern: string, ctx: TemplateContext): string {
  return pattern.replace(/\{\{\s*([a-zA-Z.]+)\s*\}\}/g, (_m, path: string) => {
    const [root, key] = path.split('.');
    if (root === 'data') return String(ctx.data[key] ?? '');
    if (root === 'request') return String((ctx.request as unknown as Record<string, unknown>)[key] ?? '');
    return '';
  });
}

/** ASCII file names (Content-Disposition also carries the UTF-8 one). */
export function safeFileName(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'dokument'
  );
}
