import { defineRule } from '../decision';

/**
 * Register entries (docs/registers.md): internal regulations bind every employee, so everyone
 * reads them; a contract is public once published, before that its filer, the heads of its
 * department and those who oversee contracts see it; council sessions are read by everyone and
 * managed by the council secretariat.
 */
export const regulationRule = defineRule<{ exists: boolean }, 'read'>({
  describe: 'an internal regulation: every employee reads it and acknowledges it when asked',
  actions: { read: 'read it; acknowledge it when it is asked of one (409 otherwise)' },
  id: 'uuid',
  decide: (f) => (f.exists ? 'allow' : 'hide'),
});

export interface ContractFacts {
  /** contractsAll, or published, or filed by the person, or of a department the person heads. */
  visible: boolean;
  /** Officer of the contract agenda: records publications. */
  contractOfficer: boolean;
}

/** Who sees a contract before it is published: filer, heads of its department, overseers and the contract agenda's officers, legal and budget administrators. */
export function maySeeContract(viewer: { userId: string; contractsAll: boolean; managerOf: readonly string[] }, contract: { published: boolean; filerId: string | null; departmentId: string | null }): boolean {
  return viewer.contractsAll || contract.published || contract.filerId === viewer.userId || (contract.departmentId !== null && viewer.managerOf.includes(contract.departmentId));
}

export const contractRule = defineRule<ContractFacts, 'read' | 'record-publication'>({
  describe: 'a contract of the register: public once published; before that its filer, heads of its department, overseers and the contract agenda’s officers, legal and budget administrators',
  actions: { read: 'read it', 'record-publication': "record the state register's answer (contract agenda officers)" },
  id: 'uuid',
  decide: (f, action) => (!f.visible ? 'hide' : action === 'read' || f.contractOfficer ? 'allow' : 'forbid'),
});

export interface CouncilSessionFacts {
  exists: boolean;
  secretary: boolean;
  /** mayReadCouncilPapers for this session's items. */
  readsPapers: boolean;
}

/** The papers of a session: the council secretariat, overseers (director, auditors, agenda administrators) and the council members responsible for one of its items. */
export function mayReadCouncilPapers(viewer: { userId: string; secretary: boolean; overseer: boolean }, items: ReadonlyArray<{ responsibleCouncilMember: unknown }>): boolean {
  return viewer.secretary || viewer.overseer || items.some((i) => i.responsibleCouncilMember === viewer.userId);
}

export const councilSessionRule = defineRule<CouncilSessionFacts, 'read' | 'read-papers' | 'manage'>({
  describe: 'a council session: everyone reads it; its papers are for the council, its secretariat and overseers; the secretariat manages it (403 for others, whatever the id)',
  actions: { read: 'read it', 'read-papers': 'download the bundle of its papers', manage: 'add, order and resolve items (council secretariat)' },
  id: 'uuid',
  decide: (f, action) => {
    if (action === 'manage' && !f.secretary) return 'forbid';
    if (!f.exists) return 'hide';
    return action === 'read-papers' && !f.readsPapers ? 'forbid' : 'allow';
  },
});
