import { assertNever } from '@agendy/shared/util';
import type { ActorRule, PartyRule, TransitionDefinition } from './definition.types';
import type { Actor, ApprovalProgress, DirectoryFacts, Fallback, FormData, Party, RequestContext, WorkflowSnapshot } from './runtime.types';

/** Whose behalf the actor acts on: a deputy acting for a manager counts as that manager. */
export function actsAs(actor: Actor, userId: string): boolean {
  return actor.userId === userId || actor.onBehalfOf === userId;
}

export function isFiler(actor: Actor, request: RequestContext): boolean {
  return actsAs(actor, request.filerId);
}

export function isManagerOfDepartment(actor: Actor, departmentId: string): boolean {
  return actor.managerOf?.includes(departmentId) ?? false;
}

/** The role a department head's requests go to when no department above theirs is known. */
export const TOP_MANAGER_ROLE = 'director';

/**
 * Who `managerOfFiler` means: the head of the filer's department; for a filer who heads it
 * themselves, the head of the nearest department above it they do not head; at the top of
 * the office (or when the service gave no org structure) the `director` role.
 */
export function filerManagerParty(request: RequestContext): Party {
  const heads = request.filerManagerOf;
  if (!heads || heads.length === 0 || !heads.includes(request.filerDepartmentId)) {
    return { kind: 'departmentManager', departmentId: request.filerDepartmentId };
  }
  for (const departmentId of request.parentDepartmentIds ?? []) {
    if (!heads.includes(departmentId)) return { kind: 'departmentManager', departmentId };
  }
  return { kind: 'role', role: TOP_MANAGER_ROLE };
}

export function isManagerOfFiler(actor: Actor, request: RequestContext): boolean {
  return partyMatchesActor(filerManagerParty(request), actor);
}

/**
 * Whether the actor acts for the party: holds it, or is the recorded fallback of a vacant party
 * (a deputy of that fallback counts too, as for any work item).
 */
export function partyMatchesActor(party: Party, actor: Actor, fallbacks?: readonly Fallback[]): boolean {
  return holdsParty(party, actor) || standsInFor(party, actor, fallbacks);
}

function holdsParty(party: Party, actor: Actor): boolean {
  switch (party.kind) {
    case 'user':
      return actsAs(actor, party.userId);
    case 'role':
      return actor.roles.includes(party.role);
    case 'departmentManager':
      return isManagerOfDepartment(actor, party.departmentId);
    default:
      return assertNever(party, 'party');
  }
}

/** The actor is a recorded fallback of this (vacant) party. */
export function standsInFor(party: Party, actor: Actor, fallbacks: readonly Fallback[] | undefined): boolean {
  if (!fallbacks?.length) return false;
  const key = partyKey(party);
  return fallbacks.some((f) => actsAs(actor, f.userId) && partyKey(f.party) === key);
}

type RuleSnapshot = Pick<WorkflowSnapshot, 'request' | 'assignees'> & Partial<Pick<WorkflowSnapshot, 'fallbacks'>>;

/** The party a `who` rule stands for, when it stands for one a fallback could replace. */
function partyOfRule(rule: ActorRule, request: RequestContext): Party | undefined {
  if ('role' in rule) return { kind: 'role', role: rule.role };
  if ('managerOfFiler' in rule) return filerManagerParty(request);
  if ('user' in rule) return { kind: 'user', userId: rule.user };
  return undefined;
}

export function actorRuleMatches(rule: ActorRule, actor: Actor, snapshot: RuleSnapshot): boolean {
  if ('filer' in rule) return isFiler(actor, snapshot.request);
  if ('system' in rule) return actor.system === true;
  if ('assignee' in rule) return snapshot.assignees.some((p) => partyMatchesActor(p, actor, snapshot.fallbacks));
  if ('role' in rule && actor.roles.includes(rule.role)) return true;
  if ('managerOfFiler' in rule && isManagerOfFiler(actor, snapshot.request)) return true;
  if ('user' in rule && actsAs(actor, rule.user)) return true;
  // Not in their own right: perhaps as the fallback of the vacant party the rule stands for.
  const party = partyOfRule(rule, snapshot.request);
  return party !== undefined && standsInFor(party, actor, snapshot.fallbacks);
}

export function actorMayTake(rules: readonly ActorRule[], actor: Actor, snapshot: RuleSnapshot, forbidFiler = false): boolean {
  if (forbidFiler && isFiler(actor, snapshot.request)) return false;
  return rules.some((rule) => actorRuleMatches(rule, actor, snapshot));
}

/**
 * The vacant party the actor takes a step for, when only a fallback lets them take it: recorded
 * in the history ("za neobsazenou roli …"). Undefined when they may take it in their own right.
 */
export function fallbackPartyUsed(rules: readonly ActorRule[], actor: Actor, snapshot: RuleSnapshot, forbidFiler = false): Party | undefined {
  if (!snapshot.fallbacks?.length) return undefined;
  const own = { request: snapshot.request, assignees: snapshot.assignees };
  if (actorMayTake(rules, actor, own, forbidFiler)) return undefined;
  for (const rule of rules) {
    if ('assignee' in rule) {
      const party = snapshot.assignees.find((p) => standsInFor(p, actor, snapshot.fallbacks));
      if (party) return party;
      continue;
    }
    const party = partyOfRule(rule, snapshot.request);
    if (party && standsInFor(party, actor, snapshot.fallbacks)) return party;
  }
  return undefined;
}

export interface PartyContext {
  request: RequestContext;
  data: FormData;
  actor: Actor;
  assignees: readonly Party[];
  /** Members of the directory groups the definition names (`membersOfGroup`), from the runtime. */
  groupMembers?: DirectoryFacts['groupMembers'];
  /** The approval being voted on or just decided: whom `voters` means. */
  approval?: ApprovalProgress | null;
}

/** Directory groups are compared case-insensitively, as the directory itself does. */
export function groupKey(group: string): string {
  return group.toLowerCase();
}

/** Resolves rules to concrete parties, without duplicates, in the order written. */
export function resolveParties(rules: readonly PartyRule[], ctx: PartyContext): Party[] {
  const result: Party[] = [];
  const seen = new Set<string>();
  const add = (party: Party) => {
    const key = partyKey(party);
    if (!seen.has(key)) {
      seen.add(key);
      result.push(party);
    }
  };
  for (const rule of rules) {
    if ('role' in rule) add({ kind: 'role', role: rule.role });
    else if ('filer' in rule) add({ kind: 'user', userId: ctx.request.filerId });
    else if ('managerOfFiler' in rule) add(filerManagerParty(ctx.request));
    else if ('user' in rule) add({ kind: 'user', userId: rule.user });
    else if ('actor' in rule) add({ kind: 'user', userId: ctx.actor.onBehalfOf ?? ctx.actor.userId });
    else if ('assignees' in rule) ctx.assignees.forEach(add);
    else if ('userFromField' in rule) idsIn(ctx.data[rule.userFromField]).forEach((userId) => add({ kind: 'user', userId }));
    else if ('departmentManagersFromField' in rule) {
      idsIn(ctx.data[rule.departmentManagersFromField]).forEach((departmentId) => add({ kind: 'departmentManager', departmentId }));
    } else if ('membersOfGroup' in rule) {
      (ctx.groupMembers?.[groupKey(rule.membersOfGroup)] ?? []).forEach((userId) => add({ kind: 'user', userId }));
    } else if ('voters' in rule) otherVoters(ctx).forEach(add);
    else assertNever(rule, 'party rule');
  }
  return result;
}

/** The parties with a vote in the approval, except the one the actor has just cast (or holds). */
function otherVoters(ctx: PartyContext): Party[] {
  const me = ctx.actor.onBehalfOf ?? ctx.actor.userId;
  return (ctx.approval?.slots ?? [])
    .filter((s) => !(s.vote && actsAs(ctx.actor, s.vote.onBehalfOf ?? s.vote.userId)) && !(s.party.kind === 'user' && s.party.userId === me))
    .map((s) => s.party);
}

function idsIn(value: unknown): string[] {
  if (typeof value === 'string' && value !== '') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

export function partyKey(party: Party): string {
  switch (party.kind) {
    case 'user':
      return 'user:' + party.userId;
    case 'role':
      return 'role:' + party.role;
    case 'departmentManager':
      return 'dept:' + party.departmentId;
    default:
      return assertNever(party, 'party');
  }
}

export function samePartyLists(a: readonly Party[], b: readonly Party[]): boolean {
  return a.length === b.length && a.every((p, i) => partyKey(p) === partyKey(b[i]));
}

/**
 * A state's system step (the one the runtime takes after the last signature) while signatures
 * requested in that state are still pending: people may not take it, whatever its `who` says,
 * or a filer could declare a contract signed with the signatures missing.
 */
export function heldForSignatures(t: Pick<TransitionDefinition, 'who'>, snapshot: Pick<WorkflowSnapshot, 'awaitingSignatures'>, actor: Actor): boolean {
  return !actor.system && (snapshot.awaitingSignatures?.length ?? 0) > 0 && t.who.some((w) => 'system' in w && w.system === true);
}
