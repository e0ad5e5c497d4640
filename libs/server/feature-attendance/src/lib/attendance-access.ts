import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRegistry, mayReadAttendanceOf as mayReadAttendanceRule, mayReadAttendanceReports } from '@agendy/server/authority';
import { DomainException } from '@agendy/server/core';
import { AgendaRegistry, CurrentUser, rolesIn, type UserFacts } from '@agendy/server/feature-agendas';
import type { AuthContext } from '@agendy/server/feature-identity';

/**
 * Who is asking: their facts, whether they are HR (the timesheet agenda's hr role, or the
 * director — their own, never a principal's), and whom they manage. A deputy of a department
 * head sees that department's attendance while standing in, but never the absent head's own
 * (ADR 0004: a deputy stands in for tasks, never for the principal's personal data).
 */
export interface AttendanceViewer {
  facts: UserFacts;
  hr: boolean;
  /** Departments whose people's attendance this viewer sees (headed, or held as a deputy). */
  managesDepartments: readonly string[];
  /** People whose attendance the viewer never sees although their department is in managesDepartments: the heads they stand in for. */
  principalsHidden: readonly string[];
}

/**
 * The attendance area's facts for the authority (ADR 0004): who is HR, which departments a viewer
 * manages, and whose data stays hidden from a deputy. The rules are the authority library's
 * (rules/attendance.ts); routes declare them (Access.object('person', …), Access.capability('hr'),
 * Access.capability('attendance-reports')) and the guard asks here.
 */
@Injectable()
export class AttendanceAccess implements OnModuleInit {
  constructor(
    private readonly currentUser: CurrentUser,
    private readonly registry: AgendaRegistry,
    private readonly ds: DataSource,
    private readonly access: AccessRegistry,
  ) {}

  onModuleInit(): void {
    this.access.registerCapability('hr', async (subject) => ({ hr: (await this.viewerOf(subject)).hr }));
    this.access.registerCapability('attendance-reports', async (subject) => {
      const v = await this.viewerOf(subject);
      return { hr: v.hr, managesDepartments: v.managesDepartments };
    });
    this.access.registerObject('person', async (subject, userId) => {
      const v = await this.viewerOf(subject);
      const [u]: Array<{ department_id: string | null }> = await this.ds.query(`SELECT department_id::text FROM users WHERE id = $1`, [userId]);
      return { exists: u !== undefined, hr: v.hr, reads: u !== undefined && mayReadAttendanceOf(v, { id: userId, department_id: u.department_id }) };
    });
  }

  async viewer(auth: AuthContext): Promise<AttendanceViewer> {
    return this.viewerOf(await this.currentUser.facts(auth));
  }

  async viewerOf(facts: UserFacts): Promise<AttendanceViewer> {
    const timesheet = await this.registry.findPublished('attendance-timesheet');
    const roles = timesheet ? rolesIn(facts, timesheet.definition) : [...facts.roles];
    // Roles and headships of the viewer's own: `rolesIn` and `managerOf` never include a principal's.
    const hr = roles.includes('hr') || facts.roles.includes('director');
    // Line manager (ADR 0004): the head of a department also manages the people of its sections.
    const headed = [...new Set([...facts.managerOf, ...facts.principals.flatMap((p) => p.managerOf)])];
    const managesDepartments = await this.withSections(headed);
    // An absent person's own data stays theirs, unless the viewer heads that person's department themselves.
    const ownDepartments = await this.withSections([...facts.managerOf]);
    const principalsHidden = hr ? [] : facts.principals.filter((p) => !(p.departmentId && ownDepartments.includes(p.departmentId))).map((p) => p.userId);
    return { facts, hr, managesDepartments, principalsHidden };
  }

  private async withSections(departmentIds: string[]): Promise<string[]> {
    if (departmentIds.length === 0) return [];
    const sections: Array<{ id: string }> = await this.ds.query(`SELECT id::text FROM departments WHERE parent_id = ANY($1::uuid[])`, [departmentIds]);
    return [...new Set([...departmentIds, ...sections.map((d) => d.id)])];
  }

  /**
   * The person whose attendance is asked for: oneself, someone in a department one heads, or
   * anyone for HR. Anyone else answers 404, exactly like an id that does not exist (no IDOR).
   */
  async subject(em: EntityManager, viewer: AttendanceViewer, userId: string | undefined): Promise<string> {
    if (!userId || userId === viewer.facts.userId) return viewer.facts.userId;
    const [u]: Array<{ department_id: string | null }> = await em.query(`SELECT department_id FROM users WHERE id = $1`, [userId]);
    if (!u) throw new DomainException('NOT_FOUND');
    if (mayReadAttendanceOf(viewer, { id: userId, department_id: u.department_id })) return userId;
    throw new DomainException('NOT_FOUND');
  }

  assertHr(viewer: AttendanceViewer): void {
    if (!viewer.hr) throw new DomainException('FORBIDDEN', 'Only HR (personální oddělení) may do this');
  }

  /** Reports over many people (HR month, payroll, training costs): HR, or someone who heads (or stands in for a head of) a department. */
  assertReports(viewer: AttendanceViewer): void {
    if (!mayReadAttendanceReports(viewer)) throw new DomainException('FORBIDDEN', 'Attendance reports are for HR and managers');
  }
}

/**
 * May the viewer see this person's attendance, timesheets, leave kinds and payroll rows? Themselves,
 * HR everyone, a head (or a head's deputy) the people of the department — except the absent head
 * (rules/attendance.ts).
 */
export function mayReadAttendanceOf(viewer: AttendanceViewer, person: { id: string; department_id: string | null }): boolean {
  return mayReadAttendanceRule({ userId: viewer.facts.userId, hr: viewer.hr, managesDepartments: viewer.managesDepartments, principalsHidden: viewer.principalsHidden }, { id: person.id, departmentId: person.department_id });
}
