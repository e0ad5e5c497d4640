import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { AgendaRegistry, grantedAgendas, partyKeysOf, seesAllRequests, type UserFacts } from '@agendy/server/feature-agendas';

/**
 * Who may see a request: its filer, current and past assignees (tasks addressed to them, to a role
 * they hold or a department they head) and the deputies of those, the agenda's officers, admins
 * and auditors (grants), global auditors and agenda administrators. Mirrors the identity module's
 * policy (`canSeeRequest`); expressed as SQL so lists can filter by it. Everything else answers
 * 404, so ids of other people's requests reveal nothing.
 */
export interface VisibilityScope {
  all: boolean;
  userId: string;
  /** Filers whose requests are visible: me and the people I stand in for. */
  filerIds: string[];
  partyKeys: string[];
  agendaCodes: string[];
}

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
    const keys = partyKeysOf(facts, definitions);
    return {
      all: seesAllRequests(facts),
      userId: facts.userId,
      filerIds: [facts.userId],
      partyKeys: [...keys.own, ...keys.substitution],
      agendaCodes: grantedAgendas(facts),
    };
  }

  /** SQL predicate over alias `r`, parameters starting at `$<from>`. */
  predicate(scope: VisibilityScope, from: number): { sql: string; params: unknown[] } {
    if (scope.all) return { sql: 'TRUE', params: [] };
    return {
      sql: `(r.filer_id = ANY($${from}::uuid[]) OR r.agenda_code = ANY($${from + 1}) OR EXISTS (SELECT 1 FROM tasks vt WHERE vt.request_id = r.id AND vt.party_key = ANY($${from + 2})))`,
      params: [scope.filerIds, scope.agendaCodes, scope.partyKeys],
    };
  }

  async canSee(em: EntityManager, scope: VisibilityScope, requestId: string): Promise<boolean> {
    const p = this.predicate(scope, 2);
    const rows: unknown[] = await em.query(`SELECT 1 FROM requests r WHERE r.id = $1 AND ${p.sql}`, [requestId, ...p.params]);
    return rows.length > 0;
  }

  /**
   * 404 unless the user may see the request. Controllers call it before reading the body, so a
   * malformed body sent to someone else's request id answers exactly like one to a missing id.
   */
  async assertVisible(em: EntityManager, facts: UserFacts, requestId: string): Promise<void> {
    if (this.confirmed.get(facts)?.has(requestId)) return;
    if (!(await this.canSee(em, await this.scope(facts), requestId))) throw new DomainException('NOT_FOUND');
    const seen = this.confirmed.get(facts) ?? new Set<string>();
    seen.add(requestId);
    this.confirmed.set(facts, seen);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
