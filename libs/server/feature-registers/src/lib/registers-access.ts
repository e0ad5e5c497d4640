import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessRegistry, maySeeContract, mayReadCouncilPapers } from '@agendy/server/authority';
import { DomainException } from '@agendy/server/core';
import { AgendaRegistry, CurrentUser, rolesIn, type UserFacts } from '@agendy/server/feature-agendas';
import type { AuthContext } from '@agendy/server/feature-identity';

/** The agendas whose registers live here. */
export const REGISTER_AGENDAS = { regulations: 'internal-regulation', contracts: 'contract-order', council: 'council-material' } as const;

export interface RegistersViewer {
  facts: UserFacts;
  /** Sees every row and every acknowledgement (director, auditors, agenda administrators). */
  overseer: boolean;
  /** Officer of the internal-regulation agenda. */
  regulationOfficer: boolean;
  /** May see every contract (agenda officer, legal, budget administrators, overseers). */
  contractsAll: boolean;
  /** May record publications (officer of the contract agenda). */
  contractOfficer: boolean;
  /** Council secretariat: manages sessions and records resolutions. */
  councilSecretary: boolean;
  /** Departments whose numbers the dashboards show; null = all. Empty = no dashboard. */
  dashboardDepartments: readonly string[] | null;
}

const OVERSEER_ROLES = ['director', 'auditor', 'agenda-admin'];

/**
 * The registers' facts for the authority (ADR 0004): the viewer's standing in the register agendas,
 * and the regulations, contracts and council sessions the tables hold. The rules are the authority
 * library's (rules/registers.ts, capabilities 'council-secretariat' and 'dashboards').
 */
@Injectable()
export class RegistersAccess implements OnModuleInit {
  constructor(
    private readonly currentUser: CurrentUser,
    private readonly registry: AgendaRegistry,
    private readonly access: AccessRegistry,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    const em = this.ds.manager;
    this.access.registerCapability('council-secretariat', async (subject) => ({ secretary: (await this.viewerOf(subject)).councilSecretary }));
    this.access.registerCapability('dashboards', async (subject) => ({ departments: (await this.viewerOf(subject)).dashboardDepartments }));
    this.access.registerObject('regulation', async (_subject, id) => {
      const rows: unknown[] = await em.query(`SELECT 1 FROM regulations WHERE id = $1`, [id]);
      return { exists: rows.length > 0 };
    });
    this.access.registerObject('contract', async (subject, id) => {
      const [c]: Array<{ published: boolean; filer_id: string; department_id: string | null }> = await em.query(
        `SELECT c.published_on IS NOT NULL AS published, r.filer_id::text, c.department_id::text FROM contracts c JOIN requests r ON r.id = c.request_id WHERE c.id = $1`,
        [id],
      );
      if (!c) return null;
      const v = await this.viewerOf(subject);
      return {
        visible: maySeeContract({ userId: subject.userId, contractsAll: v.contractsAll, managerOf: subject.managerOf }, { published: c.published, filerId: c.filer_id, departmentId: c.department_id }),
        contractOfficer: v.contractOfficer,
      };
    });
    this.access.registerObject('council-session', async (subject, id) => {
      const v = await this.viewerOf(subject);
      const items: Array<{ member: unknown }> = await em.query(
        `SELECT r.snapshot->'data'->'responsibleCouncilMember' AS member FROM council_session_items i JOIN requests r ON r.id = i.request_id WHERE i.session_id = $1`,
        [id],
      );
      const exists = (await em.query(`SELECT 1 FROM council_sessions WHERE id = $1`, [id])).length > 0;
      const readsPapers = mayReadCouncilPapers({ userId: subject.userId, secretary: v.councilSecretary, overseer: v.overseer }, items.map((i) => ({ responsibleCouncilMember: i.member })));
      return { exists, secretary: v.councilSecretary, readsPapers };
    });
  }

  async viewer(auth: AuthContext): Promise<RegistersViewer> {
    return this.viewerOf(await this.currentUser.facts(auth));
  }

  async viewerOf(facts: UserFacts): Promise<RegistersViewer> {
    const overseer = facts.roles.some((r) => OVERSEER_ROLES.includes(r));
    const rolesOf = async (agenda: string) => {
      const published = await this.registry.findPublished(agenda);
      return published ? rolesIn(facts, published.definition) : [...facts.roles];
    };
    const reg = await rolesOf(REGISTER_AGENDAS.regulations);
    const con = await rolesOf(REGISTER_AGENDAS.contracts);
    const cou = await rolesOf(REGISTER_AGENDAS.council);
    const contractOfficer = con.includes('agenda-officer');
    // The dashboards count cases: overseers see all, managers their departments. Not the
    // system-admin role, which implies no case content (ADR 0004).
    const dashboardAll = overseer;
    const managerDepartments = facts.roles.includes('manager') || facts.managerOf.length > 0 ? facts.managerOf : [];
    return {
      facts,
      overseer,
      regulationOfficer: reg.includes('agenda-officer'),
      contractsAll: overseer || contractOfficer || con.includes('legal') || con.includes('budget-administrator'),
      contractOfficer,
      councilSecretary: cou.includes('council-secretary') || cou.includes('agenda-officer'),
      dashboardDepartments: dashboardAll ? null : managerDepartments,
    };
  }
}

export function assertCouncilSecretary(v: RegistersViewer): void {
  if (!v.councilSecretary) throw new DomainException('FORBIDDEN', 'Council sessions are managed by the council secretariat');
}

export function assertDashboard(v: RegistersViewer): void {
  if (v.dashboardDepartments !== null && v.dashboardDepartments.length === 0) {
    throw new DomainException('FORBIDDEN', 'Dashboards are for managers, the director, auditors and agenda administrators');
  }
}
