import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { decideRequest, requestCapacities, type RequestFacts, type RequestRelation } from '@agendy/server/authority';
import { AgendaRegistry, partyKeysOf, rolesIn, type UserFacts } from '@agendy/server/feature-agendas';
import type { AgendaDefinition } from '@agendy/workflow/engine';

/**
 * Who may see a request and who may work on it, as the authority library decides it
 * (rules/request.ts, docs/adr/0004-one-authority.md): this file finds the facts with SQL — one
 * request's relation to one person for the access guard and the services, and the same rule as a
 * predicate so lists can filter by it. Everything else answers 404, so ids of other people's
 * requests reveal nothing.
 *
 * Read: its filer; its current and past assignees (tasks addressed to them, to a role they hold or
 * a department they head); whoever may take a step of its current state through a role they hold
 * (HR recording leave as taken), or must sign one of its documents; whoever took a step in it; the
 * deputies of those — but never on the absent person's *own* request
 * (their leave or sick leave is not work to take over); the agenda's officers, admins and
 * auditors (grants); global auditors and agenda administrators.
 * Work (comment, upload, steps): the same people except auditors, who read everything and change
 * nothing. Steps are the engine's business on top of this.
 */
export interface VisibilityScope {
  userId: string;
  /** The person the scope was built for (roles and grants decide the capacities the SQL cannot see). */
  subject: UserFacts;
  /** Global auditor or agenda administrator. */
  readsAll: boolean;
  /** Global agenda administrator. */
  worksAll: boolean;
  /** Party keys of my own (user, roles, departments headed). */
  ownKeys: string[];
  /** Party keys of the people I stand in for, each with its principal (parallel arrays). */
  deputyKeys: string[];
  deputyPrincipals: string[];
  /** Agenda states in which a role I hold may take a step (parallel arrays): who may act may see. */
  actAgendas: string[];
  actStates: string[];
  /** Agendas with an officer or admin grant. */
  workAgendas: string[];
  /** Agendas with an auditor grant only. */
  auditAgendas: string[];
}

export type AccessPurpose = 'read' | 'work';

@Injectable()
export class RequestVisibility {
  /**
   * Per facts object, i.e. per HTTP request (UserFactsLoader builds a new one for each): the
   * controller, the runtime and the detail read of one step all ask, and within a request the
   * answer cannot shrink (filer, grants and past tasks stay). Nothing is kept across requests.
   */
  private readonly scopes = new WeakMap<UserFacts, Promise<VisibilityScope>>();
  private readonly confirmed = new WeakMap<UserFacts, Set<string>>();

  constructor(private readonly registry: AgendaRegistry) {}

  scope(facts: UserFacts): Promise<VisibilityScope> {
    let scope = this.scopes.get(facts);
    if (!scope) {
      scope = this.computeScope(facts);
      this.scopes.set(facts, scope);
      scope.catch(() => this.scopes.delete(facts));
    }
    return scope;
  }

  private async computeScope(facts: UserFacts): Promise<VisibilityScope> {
    const definitions = (await this.registry.listPublished()).map((p) => p.definition);
    const own = partyKeysOf({ ...facts, principals: [] }, definitions).own;
    const deputyKeys: string[] = [];
    const deputyPrincipals: string[] = [];
    for (const principal of facts.principals) {
      for (const key of partyKeysOf({ ...principal, principals: [] }, definitions).own) {
        if (own.includes(key)) continue;
        deputyKeys.push(key);
        deputyPrincipals.push(principal.userId);
      }
    }
    const acting = definitions.flatMap((d) => actingStates(d, rolesIn(facts, d)).map((state) => ({ agenda: d.code, state })));
    const grantsOf = (...kinds: string[]) => [...new Set(facts.grants.filter((g) => kinds.includes(g.grant)).map((g) => g.agendaCode))];
    const workAgendas = grantsOf('officer', 'admin');
    return {
      userId: facts.userId,
      subject: facts,
      readsAll: facts.roles.includes('auditor') || facts.roles.includes('agenda-admin'),
      worksAll: facts.roles.includes('agenda-admin'),
      ownKeys: own,
      deputyKeys,
      deputyPrincipals,
      actAgendas: acting.map((a) => a.agenda),
      actStates: acting.map((a) => a.state),
      workAgendas,
      auditAgendas: grantsOf('auditor').filter((a) => !workAgendas.includes(a)),
    };
  }

  /** SQL predicate over alias `r`, parameters starting at `$<from>`. */
  predicate(scope: VisibilityScope, from: number, purpose: AccessPurpose = 'read'): { sql: string; params: unknown[] } {
    if (purpose === 'read' ? scope.readsAll : scope.worksAll) return { sql: 'TRUE', params: [] };
    const agendas = purpose === 'read' ? [...scope.workAgendas, ...scope.auditAgendas] : scope.workAgendas;
    return {
      sql: `(r.filer_id = $${from}::uuid OR r.agenda_code = ANY($${from + 1})
        OR EXISTS (SELECT 1 FROM tasks vt WHERE vt.request_id = r.id AND vt.party_key = ANY($${from + 2}))
        OR EXISTS (SELECT 1 FROM request_history vh WHERE vh.request_id = r.id AND vh.actor_id = $${from}::text)
        OR EXISTS (SELECT 1 FROM signature_tasks vs WHERE vs.request_id = r.id AND vs.status <> 'cancelled' AND vs.party_key = ANY($${from + 2}))
        OR EXISTS (SELECT 1 FROM unnest($${from + 5}::text[], $${from + 6}::text[]) AS a(agenda, state) WHERE r.agenda_code = a.agenda AND r.state = a.state AND NOT r.final)
        OR EXISTS (SELECT 1 FROM tasks vt, unnest($${from + 3}::text[], $${from + 4}::uuid[]) AS d(key, principal)
                   WHERE vt.request_id = r.id AND vt.party_key = d.key AND r.filer_id <> d.principal))`,
      params: [scope.userId, agendas, scope.ownKeys, scope.deputyKeys, scope.deputyPrincipals, scope.actAgendas, scope.actStates],
    };
  }

  /**
   * One request's relation to one person (the facts rules/request.ts decides over); null when no
   * such request. The list predicate above is the same rule for many requests at once.
   */
  async relation(em: EntityManager, scope: VisibilityScope, requestId: string): Promise<RequestRelation | null> {
    const [row]: Array<{ filer_id: string; agenda_code: string; assignee: boolean; participant: boolean; signer: boolean; actor: boolean; deputy_principals: string[] }> = await em.query(
      `SELECT r.filer_id::text, r.agenda_code,
              EXISTS (SELECT 1 FROM tasks vt WHERE vt.request_id = r.id AND vt.party_key = ANY($3)) AS assignee,
              EXISTS (SELECT 1 FROM request_history vh WHERE vh.request_id = r.id AND vh.actor_id = $2::text) AS participant,
              EXISTS (SELECT 1 FROM signature_tasks vs WHERE vs.request_id = r.id AND vs.status <> 'cancelled' AND vs.party_key = ANY($3)) AS signer,
              (NOT r.final AND EXISTS (SELECT 1 FROM unnest($6::text[], $7::text[]) AS a(agenda, state) WHERE r.agenda_code = a.agenda AND r.state = a.state)) AS actor,
              ARRAY(SELECT DISTINCT d.principal::text FROM tasks vt, unnest($4::text[], $5::uuid[]) AS d(key, principal)
                    WHERE vt.request_id = r.id AND vt.party_key = d.key) AS deputy_principals
       FROM requests r WHERE r.id = $1`,
      [requestId, scope.userId, scope.ownKeys, scope.deputyKeys, scope.deputyPrincipals, scope.actAgendas, scope.actStates],
    );
    if (!row) return null;
    return { filerId: row.filer_id, agendaCode: row.agenda_code, assignee: row.assignee, actor: row.actor, signer: row.signer, participant: row.participant, deputyPrincipals: row.deputy_principals };
  }

  /** The person's capacities on the request (rules/request.ts), or null when it does not exist. */
  async facts(em: EntityManager, facts: UserFacts, requestId: string): Promise<RequestFacts | null> {
    const rel = await this.relation(em, await this.scope(facts), requestId);
    return rel ? { capacities: requestCapacities(facts, rel) } : null;
  }

  async canSee(em: EntityManager, scope: VisibilityScope, requestId: string, purpose: AccessPurpose = 'read'): Promise<boolean> {
    const rel = await this.relation(em, scope, requestId);
    return rel !== null && decideRequest({ capacities: requestCapacities(scope.subject, rel) }, purpose) === 'allow';
  }

  /**
   * 404 unless the user may see the request. Controllers call it before reading the body, so a
   * malformed body sent to someone else's request id answers exactly like one to a missing id.
   */
  async assertVisible(em: EntityManager, facts: UserFacts, requestId: string): Promise<void> {
    if (this.confirmed.get(facts)?.has(requestId)) return;
    const known = await this.facts(em, facts, requestId);
    if (!known || decideRequest(known, 'read') !== 'allow') throw new DomainException('NOT_FOUND');
    const seen = this.confirmed.get(facts) ?? new Set<string>();
    seen.add(requestId);
    this.confirmed.set(facts, seen);
  }

  /**
   * For writes beside the workflow (comments, attachments): 404 when the request is invisible,
   * 403 when the user only reads it (an auditor).
   */
  async assertMayWork(em: EntityManager, facts: UserFacts, requestId: string): Promise<void> {
    const known = await this.facts(em, facts, requestId);
    const decision = known ? decideRequest(known, 'work') : 'hide';
    if (decision === 'hide') throw new DomainException('NOT_FOUND');
    if (decision === 'forbid') throw new DomainException('FORBIDDEN', 'Auditors read requests; they do not change them');
  }
}

/** States of the agenda in which holders of one of `roles` may take a step (a `{ role }` rule of a transition out of it). */
export function actingStates(definition: AgendaDefinition, roles: readonly string[]): string[] {
  const states = new Set<string>();
  for (const t of definition.workflow.transitions) {
    if (!t.who.some((w) => 'role' in w && roles.includes(w.role))) continue;
    for (const from of Array.isArray(t.from) ? t.from : [t.from]) states.add(from);
  }
  return [...states];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
