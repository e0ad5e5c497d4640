import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import type { AgendaGrant, Role } from '@agendy/shared/contracts';
import { IdentityAuditHub } from '../audit/identity-audit';
import { GrantingActor, GrantSubject, grantReachesActor, groupIncludesActor, mayManageAgendaGrants, mayNameDeputy } from './separation-of-duties';

/** What a refused self-grant was, for the audit log (small facts only). */
export type SelfGrantAttempt =
  | { kind: 'agenda-grant'; subjectType: GrantSubject['subjectType']; subject: string; agendaCode: string; grant: AgendaGrant }
  | { kind: 'role-mapping'; group: string; role: Role }
  | { kind: 'substitution'; principalId: string; deputyId: string }
  | { kind: 'department-head' | 'department-parent'; departmentCode: string };

/**
 * Loads the facts the separation-of-duties rules need and applies them. A refused self-grant is
 * a security event: it is written to the audit log (through the identity audit hub) before the
 * 403 SELF_GRANT_FORBIDDEN goes out. Call these outside any transaction: the audit write takes
 * its own connection.
 */
@Injectable()
export class SeparationOfDuties {
  private readonly logger = new Logger('SeparationOfDuties');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: IdentityAuditHub,
  ) {}

  /** Roles, directory groups and agenda grants of an active user; an unknown or inactive one has none. */
  async actor(userId: string): Promise<GrantingActor> {
    const [u]: Array<{ roles: string[]; groups: string[] | null }> = await this.db.query(
      `SELECT u.roles, (SELECT array_agg(lower(g)) FROM user_directory d, unnest(d.groups) g WHERE d.user_id = u.id) AS groups
       FROM users u WHERE u.id = $1 AND u.active`,
      [userId],
    );
    if (!u) return { userId, roles: [], groups: [], agendaGrants: [] };
    const groups = u.groups ?? [];
    const grants: Array<{ agenda_code: string; grant: AgendaGrant }> = await this.db.query(
      `SELECT DISTINCT agenda_code, "grant" FROM agenda_grants
       WHERE (subject_type = 'user' AND subject = $1) OR (subject_type = 'role' AND subject = ANY($2)) OR (subject_type = 'group' AND lower(subject) = ANY($3))`,
      [userId, u.roles, groups],
    );
    return { userId, roles: u.roles, groups, agendaGrants: grants.map((g) => ({ agendaCode: g.agenda_code, grant: g.grant })) };
  }

  /**
   * An agenda grant: refused with SELF_GRANT_FORBIDDEN (audited) when it would reach the actor,
   * else FORBIDDEN unless the actor administers the agenda. The self-grant check comes first so
   * that every such attempt is recorded as what it is, whoever makes it.
   */
  async assertMayGrant(actorId: string, grant: GrantSubject & { agendaCode: string; grant: AgendaGrant }, ip: string | null = null): Promise<void> {
    const actor = await this.actor(actorId);
    if (grantReachesActor(actor, grant)) {
      await this.refuse(actorId, { kind: 'agenda-grant', subjectType: grant.subjectType, subject: grant.subject, agendaCode: grant.agendaCode, grant: grant.grant }, ip);
    }
    if (!mayManageAgendaGrants(actor, grant.agendaCode)) throw forbiddenGrants(grant.agendaCode);
  }

  /** Withdrawing or listing an agenda's grants: its administrators only. */
  async assertMayManageGrants(actorId: string, agendaCode: string): Promise<void> {
    if (!mayManageAgendaGrants(await this.actor(actorId), agendaCode)) throw forbiddenGrants(agendaCode);
  }

  /** A role mapping of a directory group the actor is in would raise their own roles. */
  async assertMayMapGroup(actorId: string, group: string, role: Role, ip: string | null = null): Promise<void> {
    if (groupIncludesActor(await this.actor(actorId), group)) await this.refuse(actorId, { kind: 'role-mapping', group, role }, ip);
  }

  /**
   * Naming `deputyId` the deputy of `principalId`: the principal themselves or their line manager,
   * and never the actor as the deputy. Returns the substitution's source.
   */
  async assertMayNameDeputy(actorId: string, principalId: string, deputyId: string, ip: string | null = null): Promise<'self' | 'manager'> {
    const decision = mayNameDeputy(actorId, principalId, deputyId, principalId !== actorId && (await this.isLineManagerOf(actorId, principalId)));
    if (decision.allowed) return decision.source;
    if (decision.reason === 'self-grant') await this.refuse(actorId, { kind: 'substitution', principalId, deputyId }, ip);
    throw new DomainException('FORBIDDEN', 'Deputies are named by the absent person or by their line manager');
  }

  /**
   * The org structure decides who is whose line manager. A system administrator never makes
   * himself the head of a department, nor moves a department under one he heads: either would
   * give him the line-manager capacity over its people.
   */
  async assertMayShapeDepartment(
    actorId: string,
    change: { code: string; headUserId: string | null; parentId: string | null; previous: { headUserId: string | null; parentId: string | null } | null },
    ip: string | null = null,
  ): Promise<void> {
    const headChanged = change.previous === null || change.previous.headUserId !== change.headUserId;
    if (headChanged && change.headUserId === actorId) await this.refuse(actorId, { kind: 'department-head', departmentCode: change.code }, ip);
    const parentChanged = change.previous === null || change.previous.parentId !== change.parentId;
    if (parentChanged && change.parentId) {
      const [parent]: Array<{ head_user_id: string | null }> = await this.db.query(`SELECT head_user_id FROM departments WHERE id = $1`, [change.parentId]);
      if (parent?.head_user_id === actorId) await this.refuse(actorId, { kind: 'department-parent', departmentCode: change.code }, ip);
    }
  }

  /**
   * Line manager (ADR 0004): the head of the person's department or of its parent department; for
   * a person who heads a department, also the director. Never the person themselves.
   */
  async isLineManagerOf(actorId: string, personId: string): Promise<boolean> {
    if (actorId === personId) return false;
    const [row]: Array<{ yes: boolean }> = await this.db.query(
      `SELECT (
         EXISTS (SELECT 1 FROM users p JOIN departments d ON d.id = p.department_id LEFT JOIN departments parent ON parent.id = d.parent_id
                 WHERE p.id = $1 AND (d.head_user_id = $2 OR parent.head_user_id = $2))
         OR (EXISTS (SELECT 1 FROM departments h WHERE h.head_user_id = $1)
             AND EXISTS (SELECT 1 FROM users a WHERE a.id = $2 AND a.active AND 'director' = ANY(a.roles)))
       ) AS yes`,
      [personId, actorId],
    );
    return row?.yes === true;
  }

  private async refuse(actorId: string, attempt: SelfGrantAttempt, ip: string | null): Promise<never> {
    this.logger.warn({ actorId, ...attempt }, 'Self-grant refused');
    await this.audit.record({ type: 'self-grant.refused', actorId, subjectId: attempt.kind === 'substitution' ? attempt.principalId : null, data: { ...attempt }, ip });
    throw new DomainException('SELF_GRANT_FORBIDDEN', selfGrantDetail(attempt));
  }
}

function forbiddenGrants(agendaCode: string): DomainException {
  return new DomainException('FORBIDDEN', `Grants of "${agendaCode}" are managed by its agenda administrators`);
}

function selfGrantDetail(attempt: SelfGrantAttempt): string {
  switch (attempt.kind) {
    case 'agenda-grant':
      return 'This grant would give you access yourself; another agenda administrator must grant it';
    case 'role-mapping':
      return 'You are a member of this group; another system administrator must map it';
    case 'substitution':
      return 'You cannot name yourself as a deputy; the absent person or their line manager names deputies';
    case 'department-head':
      return 'You cannot make yourself the head of a department; another system administrator must';
    case 'department-parent':
      return 'You cannot place a department under one you head; another system administrator must';
  }
}
