import { defineRule } from '../decision';
import { holdsGrant, holdsRole, type Subject } from '../subject';

/**
 * Agenda definitions, templates and the agenda's grants (docs/designer.md, ADR 0004). Global agenda
 * administrators may create agendas and change any of them; holders of an agenda's `admin` grant
 * change that agenda. Not system administrators: a definition decides who acts on its cases and
 * the designer shows and migrates running requests — case access the system-admin role never implies.
 */
export function mayCreateAgendas(subject: Pick<Subject, 'roles'>): boolean {
  return holdsRole(subject, 'agenda-admin');
}

export function mayAdministerAgenda(subject: Pick<Subject, 'roles' | 'grants'>, code: string): boolean {
  return mayCreateAgendas(subject) || holdsGrant(subject, code, 'admin');
}

/** Agendas administered through a grant (global administrators administer all: see mayCreateAgendas). */
export function grantedAdminAgendas(subject: Pick<Subject, 'grants'>): string[] {
  return [...new Set(subject.grants.filter((g) => g.grant === 'admin').map((g) => g.agendaCode))];
}

/** Administers at least one agenda: may open the designer and the grants pages. */
export function administersSomeAgenda(subject: Pick<Subject, 'roles' | 'grants'>): boolean {
  return mayCreateAgendas(subject) || grantedAdminAgendas(subject).length > 0;
}

export interface AgendaFacts {
  administers: boolean;
}

/** Whether the agenda exists is the designer's answer (404) after this one (403). */
export const agendaRule = defineRule<AgendaFacts, 'administer'>({
  describe: 'an agenda as administered: global agenda administrators and holders of its admin grant',
  actions: { administer: 'versions, drafts, publishing, templates, grants, vacancies, migration of running requests' },
  id: 'agenda-code',
  decide: (f) => (f.administers ? 'allow' : 'forbid'),
});

export interface AgendaGrantFacts {
  administersAny: boolean;
  exists: boolean;
  /** Administers the agenda the grant is of. */
  administersItsAgenda: boolean;
}

/** Someone who administers no agenda learns nothing, not even whether the grant exists (403). */
export const agendaGrantRule = defineRule<AgendaGrantFacts, 'withdraw'>({
  describe: "an agenda grant: the administrators of its agenda",
  actions: { withdraw: 'withdraw it' },
  id: 'uuid',
  decide: (f) => (!f.administersAny ? 'forbid' : !f.exists ? 'hide' : f.administersItsAgenda ? 'allow' : 'forbid'),
});
