import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { AgendaRegistry, CurrentUser, rolesIn, type UserFacts } from '@agendy/server/feature-agendas';
import type { AuthContext } from '@agendy/server/feature-identity';

/** Who is asking: their facts, whether they are HR (the timesheet agenda's hr role, or the director), and whom they manage. */
export interface AttendanceViewer {
  facts: UserFacts;
  hr: boolean;
  /** Departments whose people's attendance this viewer sees (headed, or held as a deputy). */
  managesDepartments: readonly string[];
}

@Injectable()
export class AttendanceAccess {
  constructor(
    private readonly currentUser: CurrentUser,
    private readonly registry: AgendaRegistry,
  ) {}

  async viewer(auth: AuthContext): Promise<AttendanceViewer> {
    return this.viewerOf(await this.currentUser.facts(auth));
  }

  async viewerOf(facts: UserFacts): Promise<AttendanceViewer> {
    const timesheet = await this.registry.findPublished('attendance-timesheet');
    const roles = timesheet ? rolesIn(facts, timesheet.definition) : [...facts.roles];
    const hr = roles.includes('hr') || facts.roles.includes('director');
    const managesDepartments = [...new Set([...facts.managerOf, ...facts.principals.flatMap((p) => p.managerOf)])];
    return { facts, hr, managesDepartments };
  }

  /**
   * The person whose attendance is asked for: oneself, someone in a department one heads, or
   * anyone for HR. Anyone else answers 404, exactly like an id that does not exist (no IDOR).
   */
  async subject(em: EntityManager, viewer: AttendanceViewer, userId: string | undefined): Promise<string> {
    if (!userId || userId === viewer.facts.userId) return viewer.facts.userId;
    const [u]: Array<{ department_id: string | null }> = await em.query(`SELECT department_id FROM users WHERE id = $1`, [userId]);
    if (!u) throw new DomainException('NOT_FOUND');
    if (viewer.hr) return userId;
    if (u.department_id && viewer.managesDepartments.includes(u.department_id)) return userId;
    throw new DomainException('NOT_FOUND');
  }

  assertHr(viewer: AttendanceViewer): void {
    if (!viewer.hr) throw new DomainException('FORBIDDEN', 'Only HR (personální oddělení) may do this');
  }
}
