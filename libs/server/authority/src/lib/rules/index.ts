import type { ObjectRule } from '../decision';
import { agendaGrantRule, agendaRule } from './agenda';
import { personRule } from './attendance';
import { bookingRule, bookingSeriesRule, resourceRule, resourceTypeRule } from './booking';
import { certificateRule, driverRule, notificationRule, ownSubstitutionRule, personDeputiesRule, substitutionRule } from './identity';
import { contractRule, councilSessionRule, regulationRule } from './registers';
import { attachmentRule, commentRule, documentRule, requestRule, signatureTaskRule } from './request';
import { taskRule } from './task';
import { carRule } from './trip';

/**
 * Every object kind a route may name, with its rule. A route declares `Access.object(kind, param,
 * action)`; the owning area registers how to load the kind's facts (AccessRegistry.registerObject).
 */
export const OBJECT_RULES = {
  request: requestRule,
  comment: commentRule,
  attachment: attachmentRule,
  document: documentRule,
  'signature-task': signatureTaskRule,
  task: taskRule,
  booking: bookingRule,
  'booking-series': bookingSeriesRule,
  car: carRule,
  resource: resourceRule,
  'resource-type': resourceTypeRule,
  person: personRule,
  regulation: regulationRule,
  contract: contractRule,
  'council-session': councilSessionRule,
  agenda: agendaRule,
  'agenda-grant': agendaGrantRule,
  'person-deputies': personDeputiesRule,
  substitution: substitutionRule,
  'own-substitution': ownSubstitutionRule,
  notification: notificationRule,
  certificate: certificateRule,
  driver: driverRule,
} as const;

export type ObjectKind = keyof typeof OBJECT_RULES;
export type FactsOf<K extends ObjectKind> = (typeof OBJECT_RULES)[K] extends ObjectRule<infer F, string> ? F : never;
export type ActionOf<K extends ObjectKind> = (typeof OBJECT_RULES)[K] extends ObjectRule<unknown, infer A> ? A : never;

export * from './agenda';
export * from './attendance';
export * from './booking';
export * from './capabilities';
export * from './identity';
export * from './registers';
export * from './request';
export * from './task';
export * from './trip';
