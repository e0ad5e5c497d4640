import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RegulationDetail, RegulationInfo, RegulationListResponse, RegulationStatus } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { RequestRuntime } from '@agendy/server/feature-requests';
import { toPragueDate } from '@agendy/shared/util';
import { linkKey, signedPdfLinks } from '../document-links';
import type { RegistersViewer } from '../registers-access';

interface RegulationRow {
  id: string;
  request_id: string;
  number: string;
  title: string;
  regulation_type: string;
  summary: string | null;
  effective_from: string | null;
  effective_to: string | null;
  repeals_number: string | null;
  repeals_id: string | null;
  replaced_by_number: string | null;
  replaced_by_id: string | null;
  document_code: string | null;
  published_at: Date;
  repealed_at: Date | null;
  required: number;
  acknowledged: number;
  mine_required: boolean | null;
  mine_at: Date | null;
}

export interface RegulationQuery {
  q?: string;
  status?: RegulationStatus;
  pendingMine?: boolean;
  limit: number;
  offset: number;
}

/**
 * A search string → a prefix tsquery in the unaccented `agendy_cs` configuration. Only letters and
 * digits reach to_tsquery, so no input can be a tsquery syntax error.
 */
export function toPrefixQuery(q: string): string | null {
  const words = (q.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

export function regulationStatus(r: { effective_from: string | null; effective_to: string | null; repealed_at: Date | null }, today: string): RegulationStatus {
  if (r.repealed_at || (r.effective_to && r.effective_to < today)) return 'repealed';
  if (r.effective_from && r.effective_from > today) return 'upcoming';
  return 'in-force';
}

const SELECT = `
  SELECT r.id, r.request_id, r.number, r.title, r.regulation_type, r.summary, r.effective_from::text, r.effective_to::text,
         r.repeals_number, old.id AS repeals_id, r.replaced_by_number, nw.id AS replaced_by_id, r.document_code, r.published_at, r.repealed_at,
         (SELECT count(*)::int FROM regulation_acknowledgements a WHERE a.regulation_id = r.id AND a.required) AS required,
         (SELECT count(*)::int FROM regulation_acknowledgements a WHERE a.regulation_id = r.id AND a.required AND a.acknowledged_at IS NOT NULL) AS acknowledged,
         me.required AS mine_required, me.acknowledged_at AS mine_at`;
const FROM = `
  FROM regulations r
  LEFT JOIN regulations old ON old.number = r.repeals_number
  LEFT JOIN regulations nw ON nw.number = r.replaced_by_number
  LEFT JOIN regulation_acknowledgements me ON me.regulation_id = r.id AND me.user_id = $1`;

@Injectable()
export class RegulationsService {
  private readonly logger = new Logger('Regulations');

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    private readonly runtime: RequestRuntime,
  ) {}

  /** Every employee may read the register: internal regulations bind all of them. */
  async list(viewer: RegistersViewer, query: RegulationQuery): Promise<RegulationListResponse> {
    const params: unknown[] = [viewer.facts.userId];
    const where: string[] = [];
    let order = 'r.effective_from DESC NULLS LAST, r.number';
    const tsq = query.q ? toPrefixQuery(query.q) : null;
    if (query.q) {
      // A regulation number ("SM/3/2027") is one lexeme for the parser: match it literally as well.
      params.push(query.q.trim());
      const raw = `lower(r.number) = lower($${params.length})`;
      if (tsq) {
        params.push(tsq);
        const t = `to_tsquery('agendy_cs', $${params.length})`;
        where.push(`(r.search @@ ${t} OR ${raw})`);
        order = `ts_rank(r.search, ${t}) DESC, ${order}`;
      } else where.push(raw);
    }
    if (query.pendingMine) where.push(`me.required AND me.acknowledged_at IS NULL`);
    const today = toPragueDate(new Date());
    if (query.status) {
      params.push(today);
      const p = `$${params.length}::date`;
      if (query.status === 'repealed') where.push(`(r.repealed_at IS NOT NULL OR r.effective_to < ${p})`);
      else if (query.status === 'upcoming') where.push(`(r.repealed_at IS NULL AND r.effective_from > ${p})`);
      else where.push(`(r.repealed_at IS NULL AND (r.effective_to IS NULL OR r.effective_to >= ${p}) AND (r.effective_from IS NULL OR r.effective_from <= ${p}))`);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await this.ds.query(`SELECT count(*)::int AS total ${FROM} ${whereSql}`, params);
    params.push(query.limit, query.offset);
    const rows: RegulationRow[] = await this.ds.query(`${SELECT} ${FROM} ${whereSql} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
    return { items: await this.present(this.ds.manager, rows), total };
  }

  async detail(viewer: RegistersViewer, id: string): Promise<RegulationDetail> {
    const [row]: RegulationRow[] = await this.ds.query(`${SELECT} ${FROM} WHERE r.id = $2`, [viewer.facts.userId, id]);
    if (!row) throw new DomainException('NOT_FOUND');
    const [info] = await this.present(this.ds.manager, [row]);
    let acknowledgements: RegulationDetail['acknowledgements'] = null;
    const all = viewer.overseer || viewer.regulationOfficer;
    if (all || viewer.facts.managerOf.length > 0) {
      const rows: Array<{ user_id: string; display_name: string; department: string | null; department_id: string | null; acknowledged_at: Date | null }> =
        await this.ds.query(
          `SELECT a.user_id, u.display_name, d.name AS department, u.department_id, a.acknowledged_at
           FROM regulation_acknowledgements a JOIN users u ON u.id = a.user_id LEFT JOIN departments d ON d.id = u.department_id
           WHERE a.regulation_id = $1 AND a.required ORDER BY u.display_name`,
          [id],
        );
      // A manager sees only the people of the departments they head.
      acknowledgements = rows
        .filter((r) => all || (r.department_id !== null && viewer.facts.managerOf.includes(r.department_id)))
        .map((r) => ({ userId: r.user_id, displayName: r.display_name, department: r.department, acknowledgedAt: r.acknowledged_at?.toISOString() ?? null }));
    }
    return { ...info, summary: row.summary, acknowledgements };
  }

  /** Records that the caller has read the regulation; also casts their "I have read it" vote while the agenda still asks for it. */
  async acknowledge(viewer: RegistersViewer, id: string, client: { ip: string | null }): Promise<RegulationInfo> {
    const requestId = await this.ds.transaction(async (em) => {
      const [row]: Array<{ acknowledged_at: Date | null; required: boolean; request_id: string }> = await em.query(
        `SELECT a.acknowledged_at, a.required, r.request_id FROM regulations r
         LEFT JOIN regulation_acknowledgements a ON a.regulation_id = r.id AND a.user_id = $2 WHERE r.id = $1 FOR UPDATE OF r`,
        [id, viewer.facts.userId],
      );
      if (!row) throw new DomainException('NOT_FOUND');
      if (row.required !== true) throw new DomainException('REGULATION_ACK_NOT_REQUIRED');
      if (row.acknowledged_at) return null;
      await em.query(`UPDATE regulation_acknowledgements SET acknowledged_at = now() WHERE regulation_id = $1 AND user_id = $2`, [id, viewer.facts.userId]);
      await this.audit.append(em, { actorId: viewer.facts.userId, action: 'register.regulation.acknowledge', objectType: 'regulation', objectId: id, ip: client.ip });
      return row.request_id;
    });
    if (requestId) await this.voteAcknowledged(viewer, requestId, client);
    return (await this.detail(viewer, id)) as RegulationInfo;
  }

  private async voteAcknowledged(viewer: RegistersViewer, requestId: string, client: { ip: string | null }): Promise<void> {
    const [req]: Array<{ state: string; open: boolean }> = await this.ds.query(
      `SELECT r.state, EXISTS (SELECT 1 FROM tasks t WHERE t.request_id = r.id AND t.kind = 'vote' AND t.closed_at IS NULL AND t.party_key = $2) AS open
       FROM requests r WHERE r.id = $1`,
      [requestId, `user:${viewer.facts.userId}`],
    );
    if (req?.state !== 'acknowledgement' || !req.open) return;
    try {
      await this.runtime.apply(viewer.facts, requestId, { type: 'vote', vote: 'approve' }, client);
    } catch (e) {
      // The register's record stands on its own; the agenda's vote is a convenience (the round may have just closed).
      this.logger.warn({ requestId, error: (e as Error).message }, 'acknowledgement vote not taken');
    }
  }

  private async present(em: EntityManager, rows: RegulationRow[]): Promise<RegulationInfo[]> {
    const links = await signedPdfLinks(em, rows.map((r) => ({ requestId: r.request_id, documentCode: r.document_code })));
    const today = toPragueDate(new Date());
    return rows.map((r) => ({
      id: r.id,
      requestId: r.request_id,
      number: r.number,
      title: r.title,
      regulationType: r.regulation_type,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
      status: regulationStatus(r, today),
      repeals: r.repeals_number ? { id: r.repeals_id, number: r.repeals_number } : null,
      replacedBy: r.replaced_by_number ? { id: r.replaced_by_id, number: r.replaced_by_number } : null,
      signedPdfUrl: links.get(linkKey(r.request_id, r.document_code)) ?? null,
      publishedAt: r.published_at.toISOString(),
      acknowledgement: { required: r.required, acknowledged: r.acknowledged },
      mine: r.mine_required ? { acknowledgedAt: r.mine_at?.toISOString() ?? null } : null,
    }));
  }
}
