import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  CouncilCandidate,
  CouncilItemInfo,
  CouncilSessionDetail,
  CouncilSessionInfo,
  CreateCouncilSessionBody,
  RecordResolutionBody,
  ResolutionOutcome,
} from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { mayReadCouncilPapers } from '@agendy/server/authority';
import { RequestRuntime } from '@agendy/server/feature-requests';
import { linkKey, signedPdfLinks } from '../document-links';
import { assertCouncilSecretary, REGISTER_AGENDAS, type RegistersViewer } from '../registers-access';
import { councilBundlePdf, type BundleMaterial } from './council-bundle';

interface SessionRow {
  id: string;
  session_date: string;
  title: string;
  place: string | null;
  agenda_note: string | null;
  item_count: number;
  version: number;
}

interface ItemRow {
  request_id: string;
  reference: string;
  position: number;
  state: string;
  data: Record<string, unknown>;
  resolution_number: string | null;
  resolution_outcome: ResolutionOutcome | null;
}

type Client = { ip: string | null };
const text = (v: unknown) => (typeof v === 'string' ? v : null);

@Injectable()
export class CouncilService {
  private readonly logger = new Logger('CouncilSessions');

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    private readonly runtime: RequestRuntime,
  ) {}

  async list(): Promise<CouncilSessionInfo[]> {
    const rows: SessionRow[] = await this.ds.query(
      `SELECT s.id, s.session_date::text, s.title, s.place, s.agenda_note, s.version,
              (SELECT count(*)::int FROM council_session_items i WHERE i.session_id = s.id) AS item_count
       FROM council_sessions s ORDER BY s.session_date DESC, s.created_at DESC LIMIT 200`,
    );
    return rows.map(sessionInfo);
  }

  async create(viewer: RegistersViewer, body: CreateCouncilSessionBody, client: Client): Promise<CouncilSessionDetail> {
    assertCouncilSecretary(viewer);
    const id = await this.ds.transaction(async (em) => {
      const [row]: Array<{ id: string }> = await em.query(
        `INSERT INTO council_sessions (session_date, title, place, agenda_note, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [body.sessionDate, body.title, body.place ?? null, body.agendaNote ?? null, viewer.facts.userId],
      );
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'register.council.session.create', objectType: 'council_session', objectId: row.id, ip: client.ip, details: { sessionDate: body.sessionDate } });
      return row.id;
    });
    return this.detail(viewer, id);
  }

  async detail(viewer: RegistersViewer, id: string): Promise<CouncilSessionDetail> {
    const [row]: SessionRow[] = await this.ds.query(
      `SELECT s.id, s.session_date::text, s.title, s.place, s.agenda_note, s.version,
              (SELECT count(*)::int FROM council_session_items i WHERE i.session_id = s.id) AS item_count
       FROM council_sessions s WHERE s.id = $1`,
      [id],
    );
    if (!row) throw new DomainException('NOT_FOUND');
    const items = await this.items(id);
    const links = await signedPdfLinks(this.ds.manager, items.map((i) => ({ requestId: i.request_id, documentCode: 'council-material' })));
    return {
      ...sessionInfo(row),
      canManage: viewer.councilSecretary,
      canReadPapers: mayReadPapers(viewer, items),
      items: items.map(
        (i): CouncilItemInfo => ({
          requestId: i.request_id,
          reference: i.reference,
          position: i.position,
          title: text(i.data['title']) ?? i.reference,
          materialType: text(i.data['materialType']),
          state: i.state,
          resolutionNumber: i.resolution_number,
          resolutionOutcome: i.resolution_outcome,
          signedPdfUrl: links.get(linkKey(i.request_id, 'council-material')) ?? null,
        }),
      ),
    };
  }

  private items(sessionId: string): Promise<ItemRow[]> {
    return this.ds.query(
      `SELECT i.request_id, r.reference, i.position, r.state, r.snapshot->'data' AS data, i.resolution_number, i.resolution_outcome
       FROM council_session_items i JOIN requests r ON r.id = i.request_id WHERE i.session_id = $1 ORDER BY i.position`,
      [sessionId],
    );
  }

  /** Materials signed and waiting to be put on a session (the agenda's "scheduling" state). */
  async candidates(viewer: RegistersViewer): Promise<CouncilCandidate[]> {
    assertCouncilSecretary(viewer);
    const rows: Array<{ id: string; reference: string; data: Record<string, unknown> }> = await this.ds.query(
      `SELECT r.id, r.reference, r.snapshot->'data' AS data FROM requests r
       WHERE r.agenda_code = $1 AND r.state = 'scheduling' ORDER BY r.created_at`,
      [REGISTER_AGENDAS.council],
    );
    return rows.map((r) => ({ requestId: r.id, reference: r.reference, title: text(r.data['title']) ?? r.reference, materialType: text(r.data['materialType']) }));
  }

  /** Puts a material on the session as its last item and moves the material's request to "scheduled". */
  async addItem(viewer: RegistersViewer, sessionId: string, requestId: string, client: Client): Promise<CouncilSessionDetail> {
    assertCouncilSecretary(viewer);
    const position = await this.ds.transaction(async (em) => {
      const [s]: Array<{ session_date: string }> = await em.query(`SELECT session_date::text FROM council_sessions WHERE id = $1 FOR UPDATE`, [sessionId]);
      if (!s) throw new DomainException('NOT_FOUND');
      const [req]: Array<{ agenda_code: string; state: string }> = await em.query(`SELECT agenda_code, state FROM requests WHERE id = $1`, [requestId]);
      if (!req || req.agenda_code !== REGISTER_AGENDAS.council || req.state !== 'scheduling') throw new DomainException('COUNCIL_MATERIAL_NOT_READY');
      const [{ next }]: Array<{ next: number }> = await em.query(`SELECT COALESCE(max(position), 0) + 1 AS next FROM council_session_items WHERE session_id = $1`, [sessionId]);
      const inserted: unknown[] = await em.query(
        `INSERT INTO council_session_items (session_id, request_id, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING request_id`,
        [sessionId, requestId, next],
      );
      if (inserted.length === 0) throw new DomainException('COUNCIL_MATERIAL_NOT_READY', 'The material is on this session already');
      await em.query(`UPDATE council_sessions SET version = version + 1, updated_at = now() WHERE id = $1`, [sessionId]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'register.council.item.add', objectType: 'council_session', objectId: sessionId, ip: client.ip, details: { requestId, position: next } });
      return { next, sessionDate: s.session_date };
    });
    // The agenda's own step (its guard refuses past sessions); undone here if the engine says no.
    const [req]: Array<{ version: number }> = await this.ds.query(`SELECT version FROM requests WHERE id = $1`, [requestId]);
    try {
      await this.runtime.apply(
        viewer.facts,
        requestId,
        { type: 'transition', name: 'include-in-session', data: { sessionDate: position.sessionDate, agendaItemNumber: position.next }, expectedVersion: req.version },
        client,
      );
    } catch (e) {
      await this.ds.query(`DELETE FROM council_session_items WHERE session_id = $1 AND request_id = $2`, [sessionId, requestId]);
      throw e;
    }
    return this.detail(viewer, sessionId);
  }

  async reorder(viewer: RegistersViewer, sessionId: string, order: readonly string[], client: Client): Promise<CouncilSessionDetail> {
    assertCouncilSecretary(viewer);
    await this.ds.transaction(async (em) => {
      const rows: Array<{ request_id: string }> = await em.query(`SELECT request_id FROM council_session_items WHERE session_id = $1 FOR UPDATE`, [sessionId]);
      const current = new Set(rows.map((r) => r.request_id));
      if (rows.length === 0 && !(await em.query(`SELECT 1 FROM council_sessions WHERE id = $1`, [sessionId])).length) throw new DomainException('NOT_FOUND');
      if (order.length !== current.size || new Set(order).size !== order.length || !order.every((id) => current.has(id))) throw new DomainException('COUNCIL_ORDER_INVALID');
      // The unique (session, position) constraint is deferred: positions may swap within the transaction.
      await em.query(
        `UPDATE council_session_items i SET position = o.pos FROM unnest($2::uuid[]) WITH ORDINALITY AS o(request_id, pos)
         WHERE i.session_id = $1 AND i.request_id = o.request_id`,
        [sessionId, order],
      );
      await em.query(`UPDATE council_sessions SET version = version + 1, updated_at = now() WHERE id = $1`, [sessionId]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'register.council.reorder', objectType: 'council_session', objectId: sessionId, ip: client.ip, details: { order } });
    });
    return this.detail(viewer, sessionId);
  }

  /** The council's decision on one material: recorded on the session item and as the agenda's "record-resolution" step. */
  async recordResolution(viewer: RegistersViewer, sessionId: string, requestId: string, body: RecordResolutionBody, client: Client): Promise<CouncilSessionDetail> {
    assertCouncilSecretary(viewer);
    const [req]: Array<{ state: string; version: number }> = await this.ds.query(
      `SELECT r.state, r.version FROM council_session_items i JOIN requests r ON r.id = i.request_id WHERE i.session_id = $1 AND i.request_id = $2`,
      [sessionId, requestId],
    );
    if (!req) throw new DomainException('NOT_FOUND');
    if (req.state !== 'scheduled') throw new DomainException('COUNCIL_MATERIAL_NOT_READY', 'The material is not waiting for a decision');
    const data: Record<string, unknown> = { resolutionOutcome: body.resolutionOutcome };
    if (body.resolutionNumber) data['resolutionNumber'] = body.resolutionNumber;
    await this.runtime.apply(viewer.facts, requestId, { type: 'transition', name: 'record-resolution', data, expectedVersion: req.version }, client);
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE council_session_items SET resolution_number = $3, resolution_outcome = $4, recorded_at = now() WHERE session_id = $1 AND request_id = $2`,
        [sessionId, requestId, body.resolutionNumber ?? null, body.resolutionOutcome],
      );
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'register.council.resolution', objectType: 'council_session', objectId: sessionId, ip: client.ip, details: { requestId, ...body } });
    });
    return this.detail(viewer, sessionId);
  }

  /**
   * The full papers (proposed resolutions, reports) go to the secretariat, the director, auditors and
   * administrators, and the council members responsible for a material on this session; everyone
   * else sees only the agenda (titles) in the session detail.
   */
  async bundle(viewer: RegistersViewer, sessionId: string): Promise<{ fileName: string; pdf: Uint8Array }> {
    const detail = await this.detail(viewer, sessionId);
    const items = await this.items(sessionId);
    if (!detail.canReadPapers) throw new DomainException('FORBIDDEN', 'The papers are for the council, its secretariat and the director');
    const pdfs = await this.signedMaterialPdfs(items.map((i) => i.request_id));
    const materials: BundleMaterial[] = items.map((i) => ({
      position: i.position,
      reference: i.reference,
      title: text(i.data['title']) ?? i.reference,
      materialType: text(i.data['materialType']),
      proposedResolution: text(i.data['proposedResolution']),
      explanatoryReport: text(i.data['explanatoryReport']),
      resolutionNumber: i.resolution_number,
      resolutionOutcome: i.resolution_outcome,
      signedPdf: pdfs.get(i.request_id) ?? null,
    }));
    const pdf = await councilBundlePdf({ title: detail.title, sessionDate: detail.sessionDate, place: detail.place }, materials);
    return { fileName: `rada-${detail.sessionDate}.pdf`, pdf };
  }

  private async signedMaterialPdfs(requestIds: string[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    const [exists]: Array<{ ok: boolean }> = await this.ds.query(`SELECT to_regclass('documents') IS NOT NULL AS ok`);
    if (!exists?.ok || requestIds.length === 0) return out;
    const rows: Array<{ request_id: string; pdf: Buffer }> = await this.ds.query(
      `SELECT DISTINCT ON (request_id) request_id, pdf FROM documents
       WHERE request_id = ANY($1::uuid[]) AND template_code = 'council-material' AND status = 'signed' ORDER BY request_id, version DESC`,
      [requestIds],
    );
    for (const r of rows) out.set(r.request_id, new Uint8Array(r.pdf));
    return out;
  }
}

/** rules/registers.ts mayReadCouncilPapers over this session's items. */
function mayReadPapers(viewer: RegistersViewer, items: readonly ItemRow[]): boolean {
  return mayReadCouncilPapers({ userId: viewer.facts.userId, secretary: viewer.councilSecretary, overseer: viewer.overseer }, items.map((i) => ({ responsibleCouncilMember: i.data['responsibleCouncilMember'] })));
}

function sessionInfo(r: SessionRow): CouncilSessionInfo {
  return { id: r.id, sessionDate: r.session_date, title: r.title, place: r.place, agendaNote: r.agenda_note, itemCount: r.item_count, version: r.version };
}
