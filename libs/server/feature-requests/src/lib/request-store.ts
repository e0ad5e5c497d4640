import type { EntityManager } from 'typeorm';
import { toPragueDate } from '@agendy/shared/util';
import { enginePartyKey, type AgendaDefinition, type HistoryEntry, type Party, type WorkflowSnapshot } from '@agendy/workflow/engine';
import { partyKey } from '@agendy/server/feature-agendas';

/** The columns of `requests` the runtime works with. */
export interface RequestRow {
  id: string;
  reference: string;
  agenda_code: string;
  agenda_version: number;
  filer_id: string;
  state: string;
  final: boolean;
  version: number;
  snapshot: WorkflowSnapshot;
  created_at: Date;
  updated_at: Date;
}

/** Loads and locks the request row: concurrent steps on one request queue here. */
export async function lockRequest(em: EntityManager, id: string): Promise<RequestRow | undefined> {
  const [row]: RequestRow[] = await em.query(
    `SELECT id, reference, agenda_code, agenda_version, filer_id, state, final, version, snapshot, created_at, updated_at
     FROM requests WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

function outcomeOf(definition: AgendaDefinition, state: string): string | null {
  return definition.workflow.states.find((s) => s.id === state)?.outcome ?? null;
}

export async function insertRequest(em: EntityManager, definition: AgendaDefinition, reference: string, snapshot: WorkflowSnapshot): Promise<void> {
  await em.query(
    `INSERT INTO requests (id, reference, agenda_code, agenda_version, filer_id, filer_department_id, state, final, outcome, version, snapshot, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
    [
      snapshot.request.id,
      reference,
      definition.code,
      definition.version,
      snapshot.request.filerId,
      snapshot.request.filerDepartmentId || null,
      snapshot.state,
      snapshot.final,
      outcomeOf(definition, snapshot.state),
      snapshot.version,
      JSON.stringify(snapshot),
      snapshot.updatedAt,
    ],
  );
}

export async function updateRequest(em: EntityManager, definition: AgendaDefinition, snapshot: WorkflowSnapshot): Promise<void> {
  await em.query(`UPDATE requests SET state = $2, final = $3, outcome = $4, version = $5, snapshot = $6, updated_at = $7 WHERE id = $1`, [
    snapshot.request.id,
    snapshot.state,
    snapshot.final,
    outcomeOf(definition, snapshot.state),
    snapshot.version,
    JSON.stringify(snapshot),
    snapshot.updatedAt,
  ]);
}

export async function insertHistory(em: EntityManager, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await em.query(
    `INSERT INTO request_history (id, request_id, version, at, kind, transition, from_state, to_state, actor_id, on_behalf_of, fallback_for, comment, vote, changed_fields)
     SELECT h.id, h.request_id, h.version, h.at, h.kind, h.transition, h.from_state, h.to_state, h.actor_id, h.on_behalf_of, h.fallback_for, h.comment, h.vote, COALESCE(h.changed_fields, '{}')
     FROM json_to_recordset($1::json) AS h(id text, request_id uuid, version int, at timestamptz, kind text, transition text, from_state text, to_state text,
       actor_id text, on_behalf_of text, fallback_for text, comment text, vote text, changed_fields text[])`,
    [
      JSON.stringify(
        entries.map((h) => ({
          id: h.id,
          request_id: h.requestId,
          version: h.version,
          at: h.at,
          kind: h.kind,
          transition: h.transition ?? null,
          from_state: h.from,
          to_state: h.to,
          actor_id: h.actor.userId,
          on_behalf_of: h.actor.onBehalfOf ?? null,
          fallback_for: h.actor.fallbackFor ? enginePartyKey(h.actor.fallbackFor) : null,
          comment: h.comment ?? null,
          vote: h.vote ?? null,
          changed_fields: h.changedFields ?? [],
        })),
      ),
    ],
  );
}

/**
 * The next number of an agenda's year. The counter row stays locked until the filing commits,
 * so concurrent filings queue and a rolled-back filing gives its number back: no gaps, no repeats.
 */
export async function nextReference(em: EntityManager, agendaCode: string, prefix: string, now: Date): Promise<string> {
  const year = Number(toPragueDate(now).slice(0, 4));
  const [row]: Array<{ last_number: number }> = await em.query(
    `INSERT INTO reference_counters (agenda_code, year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (agenda_code, year) DO UPDATE SET last_number = reference_counters.last_number + 1
     RETURNING last_number`,
    [agendaCode, year],
  );
  return `${prefix}/${year}/${String(row.last_number).padStart(5, '0')}`;
}

/**
 * Makes the inbox match the snapshot: a `work` task per assignee, a `vote` task per open vote
 * slot, and the same for the fallback of each vacant one (`user:<id>`: their inbox, their access,
 * issue 19). Tasks that no longer apply are closed (kept, so past assignees still see the request).
 * `escalatedTo`: the parties a deadline escalated to now get a task that is closed at once — a past
 * task, so they may see what escalated to them without it sitting in their inbox.
 */
export async function syncTasks(em: EntityManager, snapshot: WorkflowSnapshot, escalatedTo: readonly Party[] = []): Promise<void> {
  const code = snapshot.definition.code;
  const wanted = new Map<string, { kind: 'work' | 'vote'; key: string }>();
  const want = (kind: 'work' | 'vote', party: Party) => {
    const key = partyKey(code, party);
    wanted.set(`${kind}|${key}`, { kind, key });
  };
  if (!snapshot.final) {
    const standIns = (party: Party) => (snapshot.fallbacks ?? []).filter((f) => enginePartyKey(f.party) === enginePartyKey(party));
    for (const p of snapshot.assignees) {
      want('work', p);
      for (const f of standIns(p)) want('work', { kind: 'user', userId: f.userId });
    }
    for (const slot of snapshot.approval?.slots ?? []) {
      if (slot.vote) continue;
      want('vote', slot.party);
      for (const f of standIns(slot.party)) want('vote', { kind: 'user', userId: f.userId });
    }
  }
  const open: Array<{ kind: string; party_key: string }> = await em.query(`SELECT kind, party_key FROM tasks WHERE request_id = $1 AND closed_at IS NULL`, [snapshot.request.id]);
  const openKeys = new Set(open.map((t) => `${t.kind}|${t.party_key}`));
  const toClose = [...openKeys].filter((k) => !wanted.has(k));
  const toOpen = [...wanted.entries()].filter(([k]) => !openKeys.has(k)).map(([, v]) => v);
  if (toClose.length > 0) {
    await em.query(`UPDATE tasks SET closed_at = $2 WHERE request_id = $1 AND closed_at IS NULL AND (kind || '|' || party_key) = ANY($3)`, [
      snapshot.request.id,
      snapshot.updatedAt,
      toClose,
    ]);
  }
  if (toOpen.length > 0) {
    await em.query(
      `INSERT INTO tasks (request_id, agenda_code, kind, party_key, state, opened_version, created_at)
       SELECT $1, $2, t.kind, t.key, $3, $4, $5 FROM json_to_recordset($6::json) AS t(kind text, key text)`,
      [snapshot.request.id, code, snapshot.state, snapshot.version, snapshot.updatedAt, JSON.stringify(toOpen)],
    );
  }
  const escalation = [...new Set(escalatedTo.map((p) => partyKey(code, p)))];
  if (escalation.length > 0) {
    await em.query(
      `INSERT INTO tasks (request_id, agenda_code, kind, party_key, state, opened_version, created_at, closed_at)
       SELECT $1, $2, 'work', k, $3, $4, $5, $5 FROM unnest($6::text[]) AS k`,
      [snapshot.request.id, code, snapshot.state, snapshot.version, snapshot.updatedAt, escalation],
    );
  }
}

/** An administrator moved a locked request to another version of its agenda: new snapshot, its open tasks' state, one history row. */
export async function migrateRequestRow(em: EntityManager, requestId: string, toVersion: number, s: WorkflowSnapshot, h: HistoryEntry): Promise<void> {
  await em.query(`UPDATE requests SET agenda_version = $2, state = $3, version = $4, snapshot = $5, updated_at = $6 WHERE id = $1`, [requestId, toVersion, s.state, s.version, JSON.stringify(s), s.updatedAt]);
  await em.query(`UPDATE tasks SET state = $2 WHERE request_id = $1 AND closed_at IS NULL`, [requestId, s.state]);
  await em.query(
    `INSERT INTO request_history (id, request_id, version, at, kind, transition, from_state, to_state, actor_id, changed_fields) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '{}')`,
    [h.id, h.requestId, h.version, h.at, h.kind, h.transition, h.from, h.to, h.actor.userId],
  );
}
