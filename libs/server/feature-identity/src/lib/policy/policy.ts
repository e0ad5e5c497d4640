import type { AgendaGrant, Role } from '@agendy/shared/contracts';
import { ADMIN_AREAS, type AdminArea, decideRequest, deputyCounts, requestCapacities, type RequestCapacity } from '@agendy/server/authority';

/**
 * Object-level authorization, as pure functions over facts. Every module asks here (through
 * PolicyService) instead of checking roles in controllers: one place to read, test and audit.
 */

/** Who is asking, with everything the rules need; built by PolicyService.actorContext(). */
export interface ActorContext {
  userId: string;
  roles: readonly string[];
  /** Per-agenda grants held directly, through a role or through a directory group. */
  agendaGrants: ReadonlyArray<{ agendaCode: string; grant: AgendaGrant }>;
  /** Active substitutions in which this user is the deputy: the absent people they may act for. */
  deputyFor: ReadonlyArray<{ principalId: string; substitutionId: string }>;
}

/** What the request runtime knows about a request (žádost). */
export interface RequestFacts {
  filerId: string;
  /** Current and past assignees. */
  assigneeIds: readonly string[];
  agendaCode: string;
}

/** A task (úkol) the actor wants to complete: its current assignees. */
export interface TaskFacts {
  assigneeIds: readonly string[];
  agendaCode: string;
}

export type AccessReason = 'filer' | 'assignee' | 'deputy' | 'agenda-officer' | 'agenda-admin' | 'auditor';

/** "On behalf of": set when the actor acts as someone's deputy; the runtime records it with the action. */
export interface OnBehalfOf {
  principalId: string;
  substitutionId: string;
}

export type PolicyDecision = { allowed: true; reason: AccessReason; onBehalfOf: OnBehalfOf | null } | { allowed: false; reason: null; onBehalfOf: null };

const DENY: PolicyDecision = { allowed: false, reason: null, onBehalfOf: null };
const allow = (reason: AccessReason, onBehalfOf: OnBehalfOf | null = null): PolicyDecision => ({ allowed: true, reason, onBehalfOf });

export function hasRole(actor: Pick<ActorContext, 'roles'>, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

export function hasAgendaGrant(actor: ActorContext, agendaCode: string, ...grants: AgendaGrant[]): boolean {
  return actor.agendaGrants.some((g) => g.agendaCode === agendaCode && grants.includes(g.grant));
}

/**
 * A request is visible to its filer, its current and past assignees and their active deputies
 * (never on the absent person's own request), the agenda's officers and admins (per-agenda grant,
 * or the global agenda-admin role), and auditors (global role or per-agenda grant). Nobody else —
 * not even a system admin, whose job is the system, not the cases. The rule is the authority
 * library's (rules/request.ts); this shapes identity's facts for it.
 */
export function canSeeRequest(actor: ActorContext, facts: RequestFacts): PolicyDecision {
  const subject = { userId: actor.userId, departmentId: null, roles: actor.roles, groups: [], grants: actor.agendaGrants, managerOf: [], principals: [] };
  const deputyFor = actor.deputyFor.filter((d) => facts.assigneeIds.includes(d.principalId));
  const capacities = requestCapacities(subject, {
    filerId: facts.filerId,
    agendaCode: facts.agendaCode,
    assignee: facts.assigneeIds.includes(actor.userId),
    actor: false,
    signer: false,
    participant: false,
    deputyPrincipals: deputyFor.map((d) => d.principalId),
  });
  if (decideRequest({ capacities }, 'read') !== 'allow') return DENY;
  const reason = REASONS[capacities[0]];
  const deputy = reason === 'deputy' ? deputyFor.find((d) => deputyCounts(d.principalId, facts.filerId)) : undefined;
  return allow(reason, deputy ? { principalId: deputy.principalId, substitutionId: deputy.substitutionId } : null);
}

const REASONS: Record<RequestCapacity, AccessReason> = {
  filer: 'filer',
  assignee: 'assignee',
  actor: 'assignee',
  signer: 'assignee',
  participant: 'assignee',
  deputy: 'deputy',
  officer: 'agenda-officer',
  'agenda-admin': 'agenda-admin',
  auditor: 'auditor',
};

/**
 * May the actor complete a task? Its assignee may, and so may an active deputy of an assignee —
 * then the decision names the absent person, and the runtime must record the action as taken
 * on their behalf. (Which transitions the task offers is the workflow engine's business.)
 */
export function canActOnTask(actor: ActorContext, task: TaskFacts): PolicyDecision {
  if (task.assigneeIds.includes(actor.userId)) return allow('assignee');
  const deputy = actor.deputyFor.find((d) => task.assigneeIds.includes(d.principalId));
  if (deputy) return allow('deputy', { principalId: deputy.principalId, substitutionId: deputy.substitutionId });
  return DENY;
}

/**
 * The same rule as canSeeRequest, shaped for a list query: a request is in scope when
 * `all`, or its agenda is in `agendaCodes`, or its filer is `filerId`, or any of its current
 * or past assignees is in `assigneeIds` (the actor and everyone they deputise for).
 */
export interface RequestVisibilityScope {
  all: boolean;
  agendaCodes: string[];
  filerId: string;
  assigneeIds: string[];
}

export function requestVisibilityScope(actor: ActorContext): RequestVisibilityScope {
  const all = hasRole(actor, 'agenda-admin', 'auditor');
  const agendaCodes = [...new Set(actor.agendaGrants.map((g) => g.agendaCode))].sort();
  return { all, agendaCodes: all ? [] : agendaCodes, filerId: actor.userId, assigneeIds: [actor.userId, ...new Set(actor.deputyFor.map((d) => d.principalId))] };
}

/** Administrative areas and their roles live in the authority library (rules/identity.ts). */
export { ADMIN_AREAS, type AdminArea } from '@agendy/server/authority';

export function canAdminister(actor: Pick<ActorContext, 'roles'>, area: AdminArea): boolean {
  return hasRole(actor, ...ADMIN_AREAS[area]);
}
