import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import type {
  AgendaUsageResponse,
  AttachmentInfo,
  HistoryItem,
  PartyRef,
  RequestDetail,
  RequestListQuery,
  RequestListResponse,
  RequestSummary,
  UserRef,
} from '@agendy/shared/contracts';
import { AgendaRegistry, MIGRATION_PREFIX, type UserFacts } from '@agendy/server/feature-agendas';
import { partyFromKey, vacantPartyPhrase, type AgendaDefinition, type Party, type WorkflowSnapshot } from '@agendy/workflow/engine';
import { decodeCursor, encodeCursor } from './cursor';
import { actionsFor } from './request-actions';
import type { RequestRow } from './request-store';
import { RequestVisibility } from './request-visibility';

type ListRow = RequestRow & { filer_username: string; filer_name: string; outcome: string | null };
/** Rows aggregated with json_agg: timestamps arrive as ISO strings, bigints as numbers. */
interface HistoryRow {
  id: string;
  version: number;
  at: string;
  kind: HistoryItem['kind'];
  transition: string | null;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_name: string | null;
  on_behalf_of: string | null;
  behalf_name: string | null;
  fallback_for: string | null;
  fallback_name: string | null;
  comment: string | null;
  vote: 'approve' | 'reject' | null;
  changed_fields: string[];
}
interface AttachmentRow {
  id: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  created_at: string;
  uploaded_by: string;
  username: string;
  display_name: string;
}

@Injectable()
export class RequestQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: AgendaRegistry,
    private readonly visibility: RequestVisibility,
  ) {}

  /** The requests I filed, newest first, keyset-paginated on (created_at, id). */
  async listMine(facts: UserFacts, query: RequestListQuery): Promise<RequestListResponse> {
    const limit = query.limit ?? 25;
    const params: unknown[] = [facts.userId];
    const where = ['r.filer_id = $1'];
    if (query.agenda) where.push(`r.agenda_code = $${params.push(query.agenda)}`);
    if (query.state) where.push(`r.state = $${params.push(query.state)}`);
    if (query.status) where.push(query.status === 'open' ? 'NOT r.final' : 'r.final');
    if (query.q) where.push(`r.reference ILIKE $${params.push('%' + query.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%')}`);
    const cursor = decodeCursor(query.cursor);
    if (cursor) where.push(`(r.created_at, r.id) < ($${params.push(cursor.at)}::timestamptz, $${params.push(cursor.id)}::uuid)`);
    const rows: ListRow[] = await this.ds.query(
      `SELECT r.id, r.reference, r.agenda_code, r.agenda_version, r.filer_id, r.state, r.final, r.outcome, r.version, r.created_at, r.updated_at,
              u.username AS filer_username, u.display_name AS filer_name
       FROM requests r JOIN users u ON u.id = r.filer_id
       WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const items: RequestSummary[] = [];
    for (const r of page) items.push(this.summary(r, await this.definitionOf(r)));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.created_at), last.id) : null };
  }

  async detail(facts: UserFacts, id: string): Promise<RequestDetail> {
    await this.visibility.assertVisible(this.ds.manager, facts, id);
    // One round trip for the request, its history and its attachments (history and attachments as JSON).
    const [row]: Array<ListRow & { history_rows: HistoryRow[]; attachment_rows: AttachmentRow[] }> = await this.ds.query(
      `SELECT r.*, u.username AS filer_username, u.display_name AS filer_name,
              (SELECT COALESCE(json_agg(h ORDER BY h.version, h.id), '[]')
                 FROM (SELECT h.id, h.version, h.at, h.kind, h.transition, h.from_state, h.to_state, h.actor_id, a.display_name AS actor_name,
                              h.on_behalf_of, b.display_name AS behalf_name, h.fallback_for, COALESCE(fd.code, fu.display_name) AS fallback_name,
                              h.comment, h.vote, h.changed_fields
                         FROM request_history h
                         LEFT JOIN users a ON a.id::text = h.actor_id LEFT JOIN users b ON b.id::text = h.on_behalf_of
                         LEFT JOIN departments fd ON 'dept:' || fd.id::text = h.fallback_for LEFT JOIN users fu ON 'user:' || fu.id::text = h.fallback_for
                        WHERE h.request_id = r.id) h) AS history_rows,
              (SELECT COALESCE(json_agg(f ORDER BY f.created_at, f.id), '[]')
                 FROM (SELECT f.id, f.name, f.media_type, f.size, f.sha256, f.created_at, f.uploaded_by, fu.username, fu.display_name
                         FROM attachments f JOIN users fu ON fu.id = f.uploaded_by WHERE f.request_id = r.id) f) AS attachment_rows
       FROM requests r JOIN users u ON u.id = r.filer_id WHERE r.id = $1`,
      [id],
    );
    if (!row) throw new DomainException('NOT_FOUND');
    const definition = await this.definitionOf(row);
    const snapshot = row.snapshot;
    const history = row.history_rows;
    const attachments = row.attachment_rows;
    const names = await this.partyNames(snapshot);
    const transitionLabel = (name: string | null) => definition.workflow.transitions.find((t) => t.name === name)?.label ?? null;
    return {
      ...this.summary(row, definition),
      data: snapshot.data,
      assignees: snapshot.assignees.map((p) => this.partyRef(p, definition, names)),
      approval: snapshot.approval
        ? {
            mode: snapshot.approval.mode,
            required: snapshot.approval.required,
            waitForAll: snapshot.approval.waitForAll,
            slots: snapshot.approval.slots.map((s) => ({
              party: this.partyRef(s.party, definition, names),
              vote: s.vote ? { vote: s.vote.vote, by: s.vote.userId, onBehalfOf: s.vote.onBehalfOf ?? null, at: s.vote.at, comment: s.vote.comment ?? null } : null,
            })),
          }
        : null,
      deadlines: snapshot.deadlines.map((d) => ({
        state: d.state,
        dueAt: d.dueAt,
        remindAt: d.remindAt ?? null,
        escalateAt: d.escalateAt,
        remindedAt: d.remindedAt ?? null,
        escalatedAt: d.escalatedAt ?? null,
      })),
      documents: Object.entries(snapshot.documents).map(([template, documentKey]) => ({ template, documentKey })),
      history: history.map((h) => ({
        id: h.id,
        version: h.version,
        at: new Date(h.at).toISOString(),
        kind: h.kind,
        // A migration keeps the target version in the transition column (see planMigration in feature-agendas).
        ...(h.kind === 'migration' ? { transition: null, transitionLabel: null, agendaVersion: Number(h.transition?.replace(MIGRATION_PREFIX, '')) } : { transition: h.transition, transitionLabel: transitionLabel(h.transition) }),
        from: h.from_state,
        to: h.to_state,
        actor: { id: h.actor_id, displayName: h.actor_name ?? (h.actor_id === 'system' ? 'Systém' : h.actor_id) },
        onBehalfOf: h.on_behalf_of ? { id: h.on_behalf_of, displayName: h.behalf_name ?? h.on_behalf_of } : null,
        ...fallbackOf(h, definition),
        comment: h.comment,
        vote: h.vote,
        changedFields: h.changed_fields,
      })),
      availableTransitions: actionsFor(definition, snapshot, facts),
      attachments: attachments.map(
        (a): AttachmentInfo => ({
          fileId: a.id,
          name: a.name,
          mediaType: a.media_type,
          size: Number(a.size),
          sha256: a.sha256,
          uploadedBy: { id: a.uploaded_by, username: a.username, displayName: a.display_name },
          uploadedAt: new Date(a.created_at).toISOString(),
        }),
      ),
    };
  }

  /** My most filed published agendas over the last year: shortcuts for the home page. */
  async agendaUsage(facts: UserFacts): Promise<AgendaUsageResponse> {
    const rows: Array<{ agenda_code: string; n: string; last: Date }> = await this.ds.query(
      `SELECT agenda_code, count(*) AS n, max(created_at) AS last FROM requests
       WHERE filer_id = $1 AND created_at > now() - interval '1 year'
       GROUP BY agenda_code ORDER BY count(*) DESC, max(created_at) DESC LIMIT 20`,
      [facts.userId],
    );
    const published = new Map((await this.registry.listPublished()).map((p) => [p.definition.code, p.definition]));
    const items: AgendaUsageResponse['items'] = [];
    for (const r of rows) {
      const definition = published.get(r.agenda_code);
      if (!definition) continue;
      items.push({ code: r.agenda_code, name: definition.name, count: Number(r.n), lastFiledAt: new Date(r.last).toISOString() });
      if (items.length === 6) break;
    }
    return { items };
  }

  private summary(r: ListRow, definition: AgendaDefinition): RequestSummary {
    const state = definition.workflow.states.find((s) => s.id === r.state);
    const filer: UserRef = { id: r.filer_id, username: r.filer_username, displayName: r.filer_name };
    return {
      id: r.id,
      reference: r.reference,
      agenda: { code: r.agenda_code, version: r.agenda_version, name: definition.name },
      state: { id: r.state, label: state?.label ?? { cs: r.state, en: r.state } },
      final: r.final,
      outcome: (r.outcome as RequestSummary['outcome']) ?? null,
      filer,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      version: r.version,
    };
  }

  private async partyNames(snapshot: WorkflowSnapshot): Promise<Map<string, string>> {
    const parties = [...snapshot.assignees, ...(snapshot.approval?.slots.map((s) => s.party) ?? [])];
    const users = parties.flatMap((p) => (p.kind === 'user' ? [p.userId] : []));
    const depts = parties.flatMap((p) => (p.kind === 'departmentManager' ? [p.departmentId] : []));
    const rows: Array<{ key: string; name: string }> = await this.ds.query(
      `SELECT 'user:' || id AS key, display_name AS name FROM users WHERE id::text = ANY($1)
       UNION ALL SELECT 'dept:' || id, name FROM departments WHERE id::text = ANY($2)`,
      [users, depts],
    );
    return new Map(rows.map((r) => [r.key, r.name]));
  }

  private partyRef(p: Party, definition: AgendaDefinition, names: Map<string, string>): PartyRef {
    if (p.kind === 'user') return { kind: 'user', userId: p.userId, displayName: names.get(`user:${p.userId}`) ?? null };
    if (p.kind === 'departmentManager') return { kind: 'departmentManager', departmentId: p.departmentId, departmentName: names.get(`dept:${p.departmentId}`) ?? null };
    return { kind: 'role', role: p.role, label: definition.roles.find((r) => r.code === p.role)?.name ?? null };
  }

  private async definitionOf(r: Pick<RequestRow, 'agenda_code' | 'agenda_version'>): Promise<AgendaDefinition> {
    const d = await this.registry.version(r.agenda_code, r.agenda_version);
    if (!d) throw new Error(`Agenda ${r.agenda_code} v${r.agenda_version} is missing`);
    return d;
  }
}

/** "za neobsazenou roli „Právník“": a fallback took the step for a vacant party (issue 19). */
function fallbackOf(h: HistoryRow, definition: AgendaDefinition): Pick<HistoryItem, 'fallbackFor'> {
  const party = h.fallback_for ? partyFromKey(h.fallback_for) : undefined;
  if (!party || !h.fallback_for) return {};
  const name = () => h.fallback_name ?? undefined;
  return { fallbackFor: { party: h.fallback_for, text: vacantPartyPhrase(party, definition, { department: name, user: name }) } };
}
