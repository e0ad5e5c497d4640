import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { AgendaRegistry, type UserFacts } from '@agendy/server/feature-agendas';
import { AuditWriter } from '@agendy/server/feature-audit';
import { RequestVisibility } from '@agendy/server/feature-requests';
import type { DocumentInfo, DocumentListResponse, SignatureTaskInfo } from '@agendy/shared/contracts';
import type { AgendaDefinition, Party } from '@agendy/workflow/engine';
import { signerAs, type TaskRow } from '../signing/signature-service';

interface ListedDocument {
  id: string;
  request_id: string;
  template_code: string;
  version: number;
  status: DocumentInfo['status'];
  title: string;
  file_name: string;
  size: number;
  sha256: string;
  created_at: Date;
  signed_at: Date | null;
}

/** Reading documents: exactly whoever may see the request (RequestVisibility), 404 for everyone else. */
@Injectable()
export class DocumentQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly visibility: RequestVisibility,
    private readonly registry: AgendaRegistry,
    private readonly audit: AuditWriter,
  ) {}

  async listForRequest(facts: UserFacts, requestId: string): Promise<DocumentListResponse> {
    await this.visibility.assertVisible(this.ds.manager, facts, requestId);
    const [req]: Array<{ agenda_code: string; agenda_version: number }> = await this.ds.query(`SELECT agenda_code, agenda_version FROM requests WHERE id = $1`, [requestId]);
    const definition = await this.registry.version(req.agenda_code, req.agenda_version);
    const docs: ListedDocument[] = await this.ds.query(
      `SELECT id, request_id, template_code, version, status, title, file_name, size, sha256, created_at, signed_at FROM documents WHERE request_id = $1 ORDER BY template_code, version DESC`,
      [requestId],
    );
    const tasks: Array<TaskRow & { signed_by_name: string | null; on_behalf_of_name: string | null; party_user_name: string | null }> = await this.ds.query(
      `SELECT t.*, sb.display_name AS signed_by_name, ob.display_name AS on_behalf_of_name, pu.display_name AS party_user_name
       FROM signature_tasks t
       LEFT JOIN users sb ON sb.id = t.signed_by
       LEFT JOIN users ob ON ob.id = t.on_behalf_of
       LEFT JOIN users pu ON t.party->>'kind' = 'user' AND pu.id = (t.party->>'userId')::uuid
       WHERE t.request_id = $1 AND t.status <> 'cancelled' ORDER BY t.sign_order, t.position`,
      [requestId],
    );
    return {
      items: docs.map((d) => {
        const mine = tasks.filter((t) => t.document_id === d.id);
        const pending = mine.filter((t) => t.status === 'pending');
        const turn = pending.length ? Math.min(...pending.map((t) => t.sign_order)) : undefined;
        const signatures: SignatureTaskInfo[] = mine.map((t) => ({
          id: t.id,
          order: t.sign_order,
          level: t.level,
          status: t.status,
          signerLabel: t.party ? partyLabel(t.party, definition, t.party_user_name) : null,
          signedBy: t.signed_by && t.signed_by_name ? { id: t.signed_by, displayName: t.signed_by_name } : null,
          onBehalfOf: t.on_behalf_of && t.on_behalf_of_name ? { id: t.on_behalf_of, displayName: t.on_behalf_of_name } : null,
          signedAt: t.signed_at ? new Date(t.signed_at).toISOString() : null,
          canSign: d.status === 'signing' && t.status === 'pending' && t.sign_order === turn && !!t.party && !!definition && !!signerAs(facts, definition, t.party),
        }));
        return {
          id: d.id,
          templateCode: d.template_code,
          title: d.title,
          fileName: d.file_name,
          version: d.version,
          status: d.status,
          size: d.size,
          sha256: d.sha256,
          createdAt: new Date(d.created_at).toISOString(),
          signedAt: d.signed_at ? new Date(d.signed_at).toISOString() : null,
          signatures,
        };
      }),
    };
  }

  /** The PDF for download (audited, like attachments). */
  async open(facts: UserFacts, documentId: string, ip: string | null): Promise<{ pdf: Buffer; fileName: string; requestId: string }> {
    const [doc]: Array<{ request_id: string; pdf: Buffer; file_name: string; sha256: string }> = await this.ds.query(`SELECT request_id, pdf, file_name, sha256 FROM documents WHERE id = $1`, [documentId]);
    if (!doc) throw new DomainException('NOT_FOUND');
    await this.visibility.assertVisible(this.ds.manager, facts, doc.request_id);
    await this.ds.transaction((em) =>
      this.audit.append(em, { actorId: facts.userId, action: 'document.download', objectType: 'document', objectId: documentId, ip, details: { request: doc.request_id, sha256: doc.sha256 } }),
    );
    return { pdf: doc.pdf, fileName: doc.file_name, requestId: doc.request_id };
  }

  /** 404 unless the document exists and its request is visible. */
  async assertVisible(facts: UserFacts, documentId: string): Promise<void> {
    const [doc]: Array<{ request_id: string }> = await this.ds.query(`SELECT request_id FROM documents WHERE id = $1`, [documentId]);
    if (!doc) throw new DomainException('NOT_FOUND');
    await this.visibility.assertVisible(this.ds.manager, facts, doc.request_id);
  }
}

function partyLabel(party: Party, definition: AgendaDefinition | undefined, userName: string | null): string {
  switch (party.kind) {
    case 'user':
      return userName ?? 'uživatel';
    case 'role': {
      const role = definition?.roles.find((r) => r.code === party.role);
      if (role) return role.name.cs;
      return ({ director: 'Ředitel', manager: 'Vedoucí', employee: 'Zaměstnanec' } as Record<string, string>)[party.role] ?? party.role;
    }
    case 'departmentManager':
      return 'Vedoucí odboru';
  }
}
