import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ContractInfo, ContractListResponse, ContractPublicationStatus, RecordPublicationBody } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { RequestRuntime } from '@agendy/server/feature-requests';
import { toPragueDate } from '@agendy/shared/util';
import { linkKey, signedPdfLinks } from '../document-links';
import type { RegistersViewer } from '../registers-access';
import { publicationStatus } from './contract-rules';

interface ContractRow {
  id: string;
  request_id: string;
  reference: string;
  document_type: ContractInfo['documentType'];
  subject: string;
  counterparty_name: string;
  counterparty_ico: string;
  amount_without_vat: string | null;
  amount_with_vat: string | null;
  signed_on: string | null;
  publication_required: boolean;
  publication_deadline: string | null;
  register_id: string | null;
  published_on: string | null;
  document_code: string | null;
  department: string | null;
}

export interface ContractQuery {
  status?: ContractPublicationStatus | 'to-publish';
  q?: string;
  limit: number;
  offset: number;
}

const SELECT = `
  SELECT c.id, c.request_id, c.reference, c.document_type, c.subject, c.counterparty_name, c.counterparty_ico, c.amount_without_vat,
         c.amount_with_vat, c.signed_on::text, c.publication_required, c.publication_deadline::text, c.register_id, c.published_on::text,
         c.document_code, d.name AS department
  FROM contracts c LEFT JOIN departments d ON d.id = c.department_id JOIN requests r ON r.id = c.request_id`;

@Injectable()
export class ContractsService {
  private readonly logger = new Logger('ContractRegister');

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    private readonly runtime: RequestRuntime,
  ) {}

  /**
   * Published contracts are public by law, so every employee sees them; the rest only those who
   * handle contracts (officers, legal, budget, director, auditors), department heads (their
   * departments) and the filer.
   */
  private scope(viewer: RegistersViewer, params: unknown[]): string {
    if (viewer.contractsAll) return 'true';
    params.push(viewer.facts.userId, viewer.facts.managerOf);
    return `(c.published_on IS NOT NULL OR r.filer_id = $${params.length - 1} OR c.department_id = ANY($${params.length}::uuid[]))`;
  }

  async list(viewer: RegistersViewer, query: ContractQuery): Promise<ContractListResponse> {
    const params: unknown[] = [];
    const where = [this.scope(viewer, params)];
    const today = toPragueDate(new Date());
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
      where.push(`(c.subject ILIKE $${params.length} OR c.counterparty_name ILIKE $${params.length} OR c.counterparty_ico LIKE $${params.length} OR c.reference ILIKE $${params.length})`);
    }
    if (query.status === 'to-publish') where.push(`c.publication_required AND c.published_on IS NULL`);
    else if (query.status === 'published') where.push(`c.published_on IS NOT NULL`);
    else if (query.status === 'not-required') where.push(`NOT c.publication_required`);
    else if (query.status) {
      // due-soon/overdue/pending depend on the business calendar: filtered after the query.
      where.push(`c.publication_required AND c.published_on IS NULL`);
    }
    const rows: ContractRow[] = await this.ds.query(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY c.signed_on DESC NULLS FIRST, c.created_at DESC`, params);
    let items = await this.present(rows, today);
    if (query.status && !['to-publish', 'published', 'not-required'].includes(query.status)) items = items.filter((c) => c.publicationStatus === query.status);
    return { items: items.slice(query.offset, query.offset + query.limit), total: items.length };
  }

  async detail(viewer: RegistersViewer, id: string): Promise<ContractInfo> {
    const params: unknown[] = [id];
    const [row]: ContractRow[] = await this.ds.query(`${SELECT} WHERE c.id = $1 AND ${this.scope(viewer, params)}`, params);
    if (!row) throw new DomainException('NOT_FOUND');
    return (await this.present([row], toPragueDate(new Date())))[0];
  }

  /** The state register's answer, recorded back; also completes the agenda's publication step when it waits for it. */
  async recordPublication(viewer: RegistersViewer, id: string, body: RecordPublicationBody, client: { ip: string | null }): Promise<ContractInfo> {
    const existing = await this.detail(viewer, id);
    if (!viewer.contractOfficer) throw new DomainException('FORBIDDEN', 'Publications are recorded by the officers of the contract agenda');
    const today = toPragueDate(new Date());
    if (body.publishedOn > today) throw new DomainException('VALIDATION_FAILED', 'The publication date is in the future', { errors: [{ pointer: '/publishedOn', rule: 'max', message: { cs: 'Datum zveřejnění nemůže být v budoucnosti.', en: 'The publication date cannot be in the future.' } }] });
    if (existing.signedOn && body.publishedOn < existing.signedOn) throw new DomainException('VALIDATION_FAILED', 'Published before it was signed', { errors: [{ pointer: '/publishedOn', rule: 'min', message: { cs: 'Smlouvu nelze zveřejnit před jejím uzavřením.', en: 'A contract cannot be published before it was signed.' } }] });
    await this.ds.transaction(async (em) => {
      const rows: Array<{ id: string }> = await em.query(
        `WITH u AS (UPDATE contracts SET register_id = $2, published_on = $3, updated_at = now()
         WHERE id = $1 AND publication_required AND published_on IS NULL AND signed_on IS NOT NULL RETURNING id) SELECT id FROM u`,
        [id, body.registerId, body.publishedOn],
      );
      if (rows.length === 0) throw new DomainException('CONTRACT_NOT_PUBLISHABLE');
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'register.contract.publish', objectType: 'contract', objectId: id, ip: client.ip, details: { ...body } });
    });
    const [req]: Array<{ state: string; version: number }> = await this.ds.query(`SELECT state, version FROM requests WHERE id = $1`, [existing.requestId]);
    if (req?.state === 'awaiting-publication') {
      try {
        await this.runtime.apply(
          viewer.facts,
          existing.requestId,
          { type: 'transition', name: 'record-publication', data: { registerId: body.registerId, registerPublishedOn: body.publishedOn }, expectedVersion: req.version },
          client,
        );
      } catch (e) {
        this.logger.warn({ requestId: existing.requestId, error: (e as Error).message }, 'record-publication step not taken');
      }
    }
    return this.detail(viewer, id);
  }

  async present(rows: ContractRow[], today: string): Promise<ContractInfo[]> {
    const links = await signedPdfLinks(this.ds.manager, rows.map((r) => ({ requestId: r.request_id, documentCode: r.document_code })));
    return rows.map((r) => ({
      id: r.id,
      requestId: r.request_id,
      reference: r.reference,
      documentType: r.document_type,
      subject: r.subject,
      counterpartyName: r.counterparty_name,
      counterpartyIco: r.counterparty_ico,
      amountWithoutVat: r.amount_without_vat === null ? null : Number(r.amount_without_vat),
      amountWithVat: r.amount_with_vat === null ? null : Number(r.amount_with_vat),
      signedOn: r.signed_on,
      publicationRequired: r.publication_required,
      publicationDeadline: r.publication_deadline,
      publicationStatus: publicationStatus({ publicationRequired: r.publication_required, signedOn: r.signed_on, publishedOn: r.published_on }, today),
      registerId: r.register_id,
      publishedOn: r.published_on,
      signedPdfUrl: links.get(linkKey(r.request_id, r.document_code)) ?? null,
      department: r.department,
    }));
  }
}
