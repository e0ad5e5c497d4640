import { Injectable } from '@nestjs/common';
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

@Injectable()
export class RegistersAccess {
  constructor(
    private readonly currentUser: CurrentUser,
    private readonly registry: AgendaRegistry,
  ) {}

  async viewer(auth: AuthContext): Promise<RegistersViewer> {
    const facts = await this.currentUser.facts(auth);
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
