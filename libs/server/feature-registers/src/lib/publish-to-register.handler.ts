import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditWriter } from '@agendy/server/feature-audit';
import { OutboxProcessor } from '@agendy/server/feature-outbox';
import { JobHandler, type OutboxJob } from '@agendy/server/queue';
import { addDays, isLocalDate, toPragueDate } from '@agendy/shared/util';
import { normaliseIco, publicationDeadline, publicationRequired } from './contracts/contract-rules';

interface RequestFacts {
  id: string;
  reference: string;
  agenda_code: string;
  filer_department_id: string | null;
  updated_at: Date;
  snapshot: { data?: Record<string, unknown> };
}

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);
const date = (v: unknown): string | null => (isLocalDate(v) ? v : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The engine's publishToRegister effect: internal regulations (publish, repeal), the contract register
 * (contract-order and grant contracts) and council resolutions. Idempotent: the outbox row is processed
 * once, and every write is an upsert keyed by the request, so a replayed effect changes nothing.
 */
@Injectable()
export class PublishToRegisterHandler {
  private readonly logger = new Logger('PublishToRegister');

  constructor(
    private readonly processor: OutboxProcessor,
    private readonly audit: AuditWriter,
  ) {}

  @JobHandler('effects.publish-to-register')
  async handle(p: OutboxJob): Promise<string> {
    let outcome = 'published';
    const result = await this.processor.runOnce(p.outboxId, async (em, row) => {
      if (row.effect.type !== 'publishToRegister' || !row.requestId) return;
      const [req]: RequestFacts[] = await em.query(
        `SELECT id, reference, agenda_code, filer_department_id, updated_at, snapshot FROM requests WHERE id = $1`,
        [row.requestId],
      );
      if (!req) {
        outcome = 'no-request';
        return;
      }
      const data = row.effect.data as Data;
      const form = req.snapshot.data ?? {};
      switch (row.effect.register) {
        case 'internal-regulations':
          outcome = str(data['repealedBy']) && !str(data['title']) ? await this.repealRegulation(em, req, data) : await this.publishRegulation(em, req, data, form, row.effect.document ?? null);
          break;
        case 'contract-register':
          outcome = await this.publishContract(em, req, data, form, row.effect.document ?? null);
          break;
        case 'council-resolutions':
          outcome = await this.recordResolution(em, req, data);
          break;
        default:
          outcome = 'unknown-register';
          this.logger.warn({ outboxId: p.outboxId, register: row.effect.register }, 'publishToRegister for a register this office does not keep');
      }
    });
    this.logger.debug({ outboxId: p.outboxId, result, outcome }, 'publishToRegister');
    return result === 'done' ? outcome : result;
  }

  private async publishRegulation(em: EntityManager, req: RequestFacts, data: Data, form: Data, document: string | null): Promise<string> {
    const number = str(data['number']) ?? str(form['number']);
    const title = str(data['title']) ?? str(form['title']);
    if (!number || !title) {
      this.logger.warn({ requestId: req.id }, 'regulation without number or title: not published');
      return 'incomplete';
    }
    const effectiveFrom = date(data['effectiveFrom']) ?? date(form['effectiveFrom']);
    const repeals = str(data['repeals']) ?? str(form['repeals']);
    const [reg]: Array<{ id: string }> = await em.query(
      `INSERT INTO regulations (request_id, number, title, regulation_type, summary, effective_from, repeals_number, document_code, document_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (request_id) DO UPDATE SET number = EXCLUDED.number, title = EXCLUDED.title, regulation_type = EXCLUDED.regulation_type,
         summary = EXCLUDED.summary, effective_from = EXCLUDED.effective_from, repeals_number = EXCLUDED.repeals_number,
         document_code = EXCLUDED.document_code, document_key = EXCLUDED.document_key
       RETURNING id`,
      [req.id, number, title, str(data['regulationType']) ?? str(form['regulationType']) ?? 'smernice', str(form['summary']), effectiveFrom, repeals, document, null],
    );
    const employees = (Array.isArray(form['affectedEmployees']) ? form['affectedEmployees'] : []).filter((v): v is string => typeof v === 'string' && UUID.test(v));
    await em.query(
      `INSERT INTO regulation_acknowledgements (regulation_id, user_id)
       SELECT $1, u.id FROM users u WHERE u.id = ANY($2::uuid[]) ON CONFLICT DO NOTHING`,
      [reg.id, employees],
    );
    if (repeals) {
      // The new regulation replaces the old one from its own first day.
      await em.query(
        `UPDATE regulations SET replaced_by_number = $2, effective_to = COALESCE(effective_to, $3::date)
         WHERE number = $1 AND replaced_by_number IS NULL`,
        [repeals, number, effectiveFrom ? addDays(effectiveFrom, -1) : null],
      );
    }
    await this.audit.append(em, { actorId: null, action: 'register.regulation.publish', objectType: 'regulation', objectId: reg.id, details: { requestId: req.id, number, repeals } });
    return 'published';
  }

  private async repealRegulation(em: EntityManager, req: RequestFacts, data: Data): Promise<string> {
    // Repealed before it took effect, it never was in force: no last day (effective_to < effective_from
    // breaks the table's CHECK, and the effect failed on every retry); repealed_at says it is repealed.
    const rows: Array<{ id: string }> = await em.query(
      `WITH u AS (UPDATE regulations SET replaced_by_number = $2, repealed_at = COALESCE(repealed_at, now()),
         effective_to = CASE WHEN effective_from > $3::date THEN effective_to ELSE COALESCE(effective_to, $3::date) END
       WHERE request_id = $1 RETURNING id) SELECT id FROM u`,
      [req.id, str(data['repealedBy']), toPragueDate(new Date())],
    );
    if (rows.length === 0) return 'not-in-register';
    await this.audit.append(em, { actorId: null, action: 'register.regulation.repeal', objectType: 'regulation', objectId: rows[0].id, details: { requestId: req.id, repealedBy: data['repealedBy'] } });
    return 'repealed';
  }

  private async publishContract(em: EntityManager, req: RequestFacts, data: Data, form: Data, document: string | null): Promise<string> {
    // contract-order names its fields after the register; a grant contract is mapped onto them.
    const grant = req.agenda_code === 'grant-application';
    const ico = normaliseIco(str(data['counterpartyIco']) ?? str(data['applicantIco']) ?? '');
    if (!ico) {
      this.logger.warn({ requestId: req.id }, 'contract without a valid IČO: not entered in the register');
      await this.audit.append(em, { actorId: null, action: 'register.contract.refused', objectType: 'request', objectId: req.id, details: { reason: 'ico' } });
      return 'invalid-ico';
    }
    const amountWithoutVat = grant ? int(data['approvedAmount']) : int(data['amountWithoutVat']);
    const amountWithVat = grant ? amountWithoutVat : int(data['amountWithVat']);
    const signedOn = date(data['signedOn']) ?? (grant ? toPragueDate(new Date(req.updated_at)) : null);
    const required = publicationRequired({ amountWithoutVat, amountWithVat, vatRate: int(form['vatRate']), exempt: form['registerExempt'] === true });
    const subject = grant ? `Dotace: ${str(data['projectTitle']) ?? str(form['projectTitle']) ?? req.reference}` : (str(data['subject']) ?? req.reference);
    const [c]: Array<{ id: string }> = await em.query(
      `INSERT INTO contracts (request_id, reference, department_id, document_type, subject, counterparty_name, counterparty_ico,
                              amount_without_vat, amount_with_vat, signed_on, publication_required, publication_deadline, document_code)
       VALUES ($1, $2, (SELECT id FROM departments WHERE id::text = $3), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (request_id) DO UPDATE SET document_type = EXCLUDED.document_type, subject = EXCLUDED.subject,
         counterparty_name = EXCLUDED.counterparty_name, counterparty_ico = EXCLUDED.counterparty_ico,
         amount_without_vat = EXCLUDED.amount_without_vat, amount_with_vat = EXCLUDED.amount_with_vat, signed_on = EXCLUDED.signed_on,
         publication_required = EXCLUDED.publication_required, publication_deadline = EXCLUDED.publication_deadline,
         document_code = EXCLUDED.document_code, updated_at = now()
       RETURNING id`,
      [
        req.id,
        str(data['contractNumber']) ?? req.reference,
        req.filer_department_id,
        grant ? 'smlouva' : (str(data['documentType']) ?? 'smlouva'),
        subject.slice(0, 500),
        (str(data['counterpartyName']) ?? str(data['applicantName']) ?? '—').slice(0, 200),
        ico,
        amountWithoutVat,
        amountWithVat,
        signedOn,
        required,
        required && signedOn ? publicationDeadline(signedOn) : null,
        document,
      ],
    );
    await this.audit.append(em, { actorId: null, action: 'register.contract.enter', objectType: 'contract', objectId: c.id, details: { requestId: req.id, publicationRequired: required } });
    return 'entered';
  }

  private async recordResolution(em: EntityManager, req: RequestFacts, data: Data): Promise<string> {
    const rows: Array<{ session_id: string }> = await em.query(
      `WITH u AS (UPDATE council_session_items i SET resolution_number = COALESCE($2, i.resolution_number), resolution_outcome = $3, recorded_at = now()
       FROM council_sessions s
       WHERE s.id = i.session_id AND i.request_id = $1 AND ($4::date IS NULL OR s.session_date = $4::date)
       RETURNING i.session_id) SELECT session_id FROM u`,
      [req.id, str(data['resolutionNumber']), str(data['resolutionOutcome']), date(data['sessionDate'])],
    );
    if (rows.length === 0) return 'not-on-a-session';
    await this.audit.append(em, { actorId: null, action: 'register.council.resolution', objectType: 'request', objectId: req.id, details: { sessionId: rows[0].session_id, resolutionNumber: data['resolutionNumber'] } });
    return 'recorded';
  }
}
