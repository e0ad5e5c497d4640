import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TaskItem, TaskListQuery, TaskListResponse, TaskVia } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AgendaRegistry, type UserFacts } from '@agendy/server/feature-agendas';
import { AuditWriter } from '@agendy/server/feature-audit';
import type { WorkflowSnapshot } from '@agendy/workflow/engine';
import { decodeCursor, encodeCursor } from './cursor';
import { actionsFor, bulkActionsOf } from './request-actions';
import { RequestVisibility, type VisibilityScope } from './request-visibility';

interface TaskRow {
  id: string;
  kind: 'work' | 'vote';
  party_key: string;
  created_at: Date;
  claimed_by: string | null;
  claimer_username: string | null;
  claimer_name: string | null;
  request_id: string;
  reference: string;
  agenda_code: string;
  agenda_version: number;
  state: string;
  version: number;
  due_at: string | null;
  filer_id: string;
  filer_username: string;
  filer_name: string;
  snapshot: WorkflowSnapshot;
}

/**
 * The inbox. Tasks are addressed to party keys (`user:<id>`, `role:<agenda>:<role>`, `dept:<id>`);
 * my inbox is every open task whose key I hold — or a person I stand in for holds. A pooled (role)
 * task someone claimed leaves the other members' inboxes until it is released.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: AgendaRegistry,
    private readonly audit: AuditWriter,
    private readonly visibility: RequestVisibility,
  ) {}

  /**
   * My tasks: addressed to one of my own party keys, or to a key of someone I stand in for — but
   * not on that person's own request (a deputy takes over work, not the absent person's leave).
   * Parameters `$<from>`…`$<from+2>`, over aliases `t` (tasks) and `r` (requests).
   */
  private mine(scope: VisibilityScope, from: number): { sql: string; params: unknown[] } {
    return {
      sql: `(t.party_key = ANY($${from}) OR EXISTS (SELECT 1 FROM unnest($${from + 1}::text[], $${from + 2}::uuid[]) AS d(key, principal) WHERE t.party_key = d.key AND r.filer_id <> d.principal))`,
      params: [scope.ownKeys, scope.deputyKeys, scope.deputyPrincipals],
    };
  }

  async inbox(facts: UserFacts, query: TaskListQuery): Promise<TaskListResponse> {
    const limit = query.limit ?? 50;
    const scope = await this.visibility.scope(facts);
    const mine = this.mine(scope, 2);
    const params: unknown[] = [facts.userId, ...mine.params];
    const where = [`t.closed_at IS NULL`, mine.sql, `(t.claimed_by IS NULL OR t.claimed_by = $1 OR t.party_key NOT LIKE 'role:%')`];
    if (query.kind) where.push(`t.kind = $${params.push(query.kind)}`);
    if (query.agenda) where.push(`t.agenda_code = $${params.push(query.agenda)}`);
    const cursor = decodeCursor(query.cursor);
    if (cursor) where.push(`(t.created_at, t.id) > ($${params.push(cursor.at)}::timestamptz, $${params.push(cursor.id)}::uuid)`);
    const rows: TaskRow[] = await this.ds.query(
      `SELECT t.id, t.kind, t.party_key, t.created_at, t.claimed_by, cu.username AS claimer_username, cu.display_name AS claimer_name,
              r.id AS request_id, r.reference, r.agenda_code, r.agenda_version, r.state, r.version,
              r.snapshot #>> '{deadlines,0,dueAt}' AS due_at, r.snapshot, r.filer_id, fu.username AS filer_username, fu.display_name AS filer_name
       FROM tasks t
       JOIN requests r ON r.id = t.request_id
       JOIN users fu ON fu.id = r.filer_id
       LEFT JOIN users cu ON cu.id = t.claimed_by
       WHERE ${where.join(' AND ')}
       ORDER BY t.created_at, t.id LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const items: TaskItem[] = [];
    const now = new Date();
    for (const r of page) {
      const definition = await this.registry.version(r.agenda_code, r.agenda_version);
      const state = definition?.workflow.states.find((s) => s.id === r.state);
      items.push({
        id: r.id,
        kind: r.kind,
        via: viaOf(r.party_key, scope.ownKeys),
        role: r.party_key.startsWith('role:') ? r.party_key.split(':')[2] : null,
        claimedBy: r.claimed_by ? { id: r.claimed_by, username: r.claimer_username ?? '', displayName: r.claimer_name ?? '' } : null,
        createdAt: new Date(r.created_at).toISOString(),
        dueAt: r.due_at,
        request: {
          id: r.request_id,
          reference: r.reference,
          agenda: { code: r.agenda_code, name: definition?.name ?? { cs: r.agenda_code, en: r.agenda_code } },
          state: { id: r.state, label: state?.label ?? { cs: r.state, en: r.state } },
          filer: { id: r.filer_id, username: r.filer_username, displayName: r.filer_name },
          version: r.version,
        },
        bulkActions: definition ? bulkActionsOf(actionsFor(definition, r.snapshot, facts, now)) : [],
      });
    }
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.created_at), last.id) : null };
  }

  /** Takes a pooled task: it leaves the other members' inboxes. 409 if a colleague took it first. */
  async claim(facts: UserFacts, taskId: string, ip: string | null): Promise<void> {
    await this.changeClaim(facts, taskId, ip, 'claim');
  }

  async release(facts: UserFacts, taskId: string, ip: string | null): Promise<void> {
    await this.changeClaim(facts, taskId, ip, 'release');
  }

  private async changeClaim(facts: UserFacts, taskId: string, ip: string | null, what: 'claim' | 'release'): Promise<void> {
    const mine = this.mine(await this.visibility.scope(facts), 2);
    await this.ds.transaction(async (em) => {
      const [task]: Array<{ id: string; request_id: string; party_key: string; claimed_by: string | null }> = await em.query(
        `SELECT t.id, t.request_id, t.party_key, t.claimed_by FROM tasks t JOIN requests r ON r.id = t.request_id
         WHERE t.id = $1 AND t.closed_at IS NULL AND ${mine.sql} FOR UPDATE OF t`,
        [taskId, ...mine.params],
      );
      if (!task) throw new DomainException('NOT_FOUND');
      if (!task.party_key.startsWith('role:')) throw new DomainException('CONFLICT', 'Only tasks of a shared role queue are claimed');
      if (what === 'claim') {
        if (task.claimed_by === facts.userId) return;
        if (task.claimed_by) throw new DomainException('CONFLICT', 'A colleague has claimed this task');
        await em.query(`UPDATE tasks SET claimed_by = $2, claimed_at = now() WHERE id = $1`, [taskId, facts.userId]);
      } else {
        if (task.claimed_by !== facts.userId) throw new DomainException('CONFLICT', 'The task is not claimed by you');
        await em.query(`UPDATE tasks SET claimed_by = NULL, claimed_at = NULL WHERE id = $1`, [taskId]);
      }
      await this.audit.append(em, { actorId: facts.userId, action: `task.${what}`, objectType: 'task', objectId: taskId, ip, details: { request: task.request_id } });
    });
  }
}

function viaOf(key: string, own: readonly string[]): TaskVia {
  if (!own.includes(key)) return 'substitution';
  if (key.startsWith('role:')) return 'role';
  if (key.startsWith('dept:')) return 'departmentManager';
  return 'user';
}
