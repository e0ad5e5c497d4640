import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import type { AgendaGrant } from '@agendy/shared/contracts';
import { DelegationService } from '../delegation/delegation.service';
import { ActorContext, canActOnTask, canSeeRequest, PolicyDecision, RequestFacts, requestVisibilityScope, RequestVisibilityScope, TaskFacts } from './policy';

/**
 * The one place other modules ask "may this user see / act on this object?". It loads the
 * facts about the actor (roles, agenda grants, active substitutions) and applies the pure
 * rules in policy.ts. Controllers never check roles ad hoc for objects.
 */
@Injectable()
export class PolicyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly delegation: DelegationService,
  ) {}

  /** Everything the rules need about `userId` at time `at`. An unknown or inactive user gets no roles. */
  async actorContext(userId: string, at: Date = new Date()): Promise<ActorContext> {
    const users: Array<{ roles: string[]; groups: string[] | null }> = await this.db.query(
      `SELECT u.roles, ud.groups FROM users u LEFT JOIN user_directory ud ON ud.user_id = u.id WHERE u.id = $1 AND u.active`,
      [userId],
    );
    if (!users[0]) return { userId, roles: [], agendaGrants: [], deputyFor: [] };
    const roles = users[0].roles;
    const groups = (users[0].groups ?? []).map((g) => g.toLowerCase());
    const grants: Array<{ agenda_code: string; grant: AgendaGrant }> = await this.db.query(
      `SELECT DISTINCT agenda_code, "grant" FROM agenda_grants
       WHERE (subject_type = 'user' AND subject = $1) OR (subject_type = 'role' AND subject = ANY($2)) OR (subject_type = 'group' AND lower(subject) = ANY($3))`,
      [userId, roles, groups],
    );
    const capacities = await this.delegation.actorsFor(userId, at);
    return {
      userId,
      roles,
      agendaGrants: grants.map((g) => ({ agendaCode: g.agenda_code, grant: g.grant })),
      deputyFor: capacities.filter((c) => c.substitutionId !== null).map((c) => ({ principalId: c.principalId, substitutionId: c.substitutionId as string })),
    };
  }

  private async resolve(actor: ActorContext | string, at?: Date): Promise<ActorContext> {
    return typeof actor === 'string' ? this.actorContext(actor, at) : actor;
  }

  async canSeeRequest(actor: ActorContext | string, facts: RequestFacts, at?: Date): Promise<PolicyDecision> {
    return canSeeRequest(await this.resolve(actor, at), facts);
  }

  /** Throws NOT_FOUND (not FORBIDDEN): someone who may not see a request must not learn it exists. */
  async assertCanSeeRequest(actor: ActorContext | string, facts: RequestFacts, at?: Date): Promise<PolicyDecision> {
    const decision = await this.canSeeRequest(actor, facts, at);
    if (!decision.allowed) throw new DomainException('NOT_FOUND');
    return decision;
  }

  /** Returns who acts and on whose behalf; the caller records both with the action. */
  async canActOnTask(actor: ActorContext | string, task: TaskFacts, at?: Date): Promise<PolicyDecision> {
    return canActOnTask(await this.resolve(actor, at), task);
  }

  async assertCanActOnTask(actor: ActorContext | string, task: TaskFacts, at?: Date): Promise<PolicyDecision> {
    const decision = await this.canActOnTask(actor, task, at);
    if (!decision.allowed) throw new DomainException('FORBIDDEN');
    return decision;
  }

  async requestVisibilityScope(actor: ActorContext | string, at?: Date): Promise<RequestVisibilityScope> {
    return requestVisibilityScope(await this.resolve(actor, at));
  }
}
