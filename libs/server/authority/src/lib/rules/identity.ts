import { defineRule } from '../decision';

/**
 * Administrative areas and the global roles that may manage them. The system administrator runs
 * the system — departments, role mappings, second factors, the support view of substitutions
 * (list and revoke), queues, metrics, incidents — and grants no case access (ADR 0004). Agenda
 * grants are case access: agenda administrators (see agenda.ts).
 */
export const ADMIN_AREAS = {
  departments: ['system-admin'],
  'role-mappings': ['system-admin'],
  'agenda-grants': ['agenda-admin'],
  substitutions: ['system-admin'],
  'second-factors': ['system-admin'],
  incidents: ['system-admin'],
  operations: ['system-admin'],
  'audit-verification': ['auditor', 'system-admin'],
} as const satisfies Record<string, readonly string[]>;

export type AdminArea = keyof typeof ADMIN_AREAS;

/** A person's substitutions as seen by someone: the person, their line manager, or a system administrator (support: list, revoke). */
export interface PersonDeputiesFacts {
  self: boolean;
  lineManager: boolean;
  systemAdmin: boolean;
}

/**
 * `oversee` (list, revoke): the person, their line manager, system administrators for support.
 * Naming a deputy is not decided here but by separation of duties with the body in hand (the
 * person or their line manager, never naming oneself — refused and audited as SELF_GRANT_FORBIDDEN
 * whoever tries it).
 */
export const personDeputiesRule = defineRule<PersonDeputiesFacts, 'oversee'>({
  describe: "a person's substitutions: the person and their line manager; system administrators for support",
  actions: { oversee: 'list and revoke them' },
  id: 'uuid',
  decide: (f) => (f.self || f.lineManager || f.systemAdmin ? 'allow' : 'forbid'),
});

/** One substitution of the person a path names (their line manager or a system administrator revokes it for them). */
export interface SubstitutionFacts extends PersonDeputiesFacts {
  /** It exists, belongs to the person the path names and is not revoked yet. */
  revocable: boolean;
}

/** Overseeing the person first (403 whatever the id), then the substitution (404). */
export const substitutionRule = defineRule<SubstitutionFacts, 'revoke'>({
  describe: "one of a person's substitutions: the person, their line manager, system administrators",
  actions: { revoke: 'revoke it (revoking only takes access away; a revoked one is 404)' },
  id: 'uuid',
  decide: (f) => (!(f.self || f.lineManager || f.systemAdmin) ? 'forbid' : f.revocable ? 'allow' : 'hide'),
});

/** One of the caller's own substitutions (as the absent person): 404 for anyone else's or a revoked one. */
export const ownSubstitutionRule = defineRule<{ principal: boolean; revoked: boolean }, 'revoke'>({
  describe: 'a substitution in which the caller is the absent person',
  actions: { revoke: 'revoke it (revoking only takes access away; a revoked one is 404)' },
  id: 'uuid',
  decide: (f) => (f.principal && !f.revoked ? 'allow' : 'hide'),
});

/** A notification is its recipient's. */
export const notificationRule = defineRule<{ recipient: boolean }, 'mark-read'>({
  describe: 'an in-app notification: its recipient',
  actions: { 'mark-read': 'mark it read' },
  id: 'uuid',
  decide: (f) => (f.recipient ? 'allow' : 'hide'),
});

/** A signing certificate: its holder revokes it, and a system administrator revokes anyone's (it joins the CRL). */
export const certificateRule = defineRule<{ holder: boolean; systemAdmin: boolean; exists: boolean }, 'revoke'>({
  describe: 'a signing certificate: its holder; system administrators revoke any',
  actions: { revoke: 'revoke it' },
  id: 'uuid',
  decide: (f) => (f.exists && (f.holder || f.systemAdmin) ? 'allow' : 'hide'),
});

/** A driver's licence record: the driver themselves, and fleet managers for everyone. */
export const driverRule = defineRule<{ self: boolean; fleetManager: boolean }, 'record'>({
  describe: "a driver's licence and training dates: the driver; fleet managers record anyone's",
  actions: { record: 'record the dates' },
  id: 'uuid',
  decide: (f) => (f.self || f.fleetManager ? 'allow' : 'hide'),
});
