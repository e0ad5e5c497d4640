import type { LocalizedText } from '@agendy/shared/util';
import type { ApprovalMode, SignatureLevel } from './definition.types';

/** The user taking an action, as resolved by the identity module for this agenda. */
export interface Actor {
  userId: string;
  /** Roles held in the agenda at hand (built-in and agenda-specific). */
  roles: readonly string[];
  departmentId?: string;
  /** Departments this user heads. */
  managerOf?: readonly string[];
  /**
   * The user a deputy acts for; the service has verified the substitution and passes the
   * union of both users' roles and managed departments.
   */
  onBehalfOf?: string;
  /** Timers and integrations (signing finished, register confirmed). */
  system?: boolean;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ userId: 'system', roles: [], system: true });

/** Template of the notification a deadline's escalation sends; its recipients gain access to the request. */
export const ESCALATION_TEMPLATE = 'deadline-escalation';

/** Template of the notification telling voters who had not voted that the approval was decided without them. */
export const APPROVAL_DECIDED_TEMPLATE = 'approval-decided';

/** Immutable facts about a request, fixed when it is filed. */
export interface RequestContext {
  id: string;
  agendaCode: string;
  filerId: string;
  filerDepartmentId: string;
  /** ISO instant. */
  createdAt: string;
  /** Číslo jednací (reference number), when the registry has assigned one. */
  reference?: string;
  /**
   * Departments the filer headed when filing. When the filer heads their own department, the
   * head of that department is not their manager: `managerOfFiler` then means the head of the
   * nearest department in `parentDepartmentIds` the filer does not head, or the `director`
   * role at the top of the office. `startRequest` fills it from the filing actor's `managerOf`
   * when the service leaves it out.
   */
  filerManagerOf?: readonly string[];
  /**
   * The departments above the filer's department in the org structure, nearest first
   * (oddělení → odbor → sekce). Filled by the service layer; without it the manager of a
   * department head is the `director` role.
   */
  parentDepartmentIds?: readonly string[];
}

export type FormData = Record<string, unknown>;

/** A concrete party: one user, everyone holding a role in the agenda, or the head of a department. */
export type Party =
  | { kind: 'user'; userId: string }
  | { kind: 'role'; role: string }
  | { kind: 'departmentManager'; departmentId: string };

export type Vote = 'approve' | 'reject';

export interface ApprovalSlot {
  party: Party;
  vote?: CastVote;
}

export interface CastVote {
  vote: Vote;
  userId: string;
  onBehalfOf?: string;
  /** The vacant party this vote was cast for by its fallback (see `Fallback`). */
  fallbackFor?: Party;
  comment?: string;
  at: string;
}

export interface ApprovalProgress {
  state: string;
  mode: ApprovalMode;
  /** Approvals needed for the approval to pass. */
  required: number;
  waitForAll: boolean;
  slots: ApprovalSlot[];
  /**
   * The snapshot version the approval (this round of it) opened at. A vote sent with any version of
   * the same round is merged, not refused as stale: votes commute (issue 20). Absent in snapshots
   * stored before it existed; such rounds compare versions strictly.
   */
  openedVersion?: number;
}

/**
 * The last approval decided in this request, kept so that a vote which arrives after the decision
 * (sent while the voter still saw the round open) is answered as "too late, not counted" instead of
 * an error: votes of one round commute, and the decision was the same whatever their order.
 */
export interface DecidedApproval {
  state: string;
  openedVersion: number;
  /** The version that recorded the decision: votes of the round were sent with versions below it. */
  decidedVersion: number;
  result: 'approved' | 'rejected';
  /** Who lost their vote: the parties of the slots nobody voted for, and the fallbacks standing in for them. */
  unvoted: Party[];
}

/**
 * Facts of the office directory the engine cannot read itself (it never does I/O): the runtime,
 * the scenario runner and the tests hand them in. `groupMembers`: user ids of each directory group
 * the definition names in `membersOfGroup`, keyed by the group's name in lower case.
 */
export interface DirectoryFacts {
  groupMembers?: Readonly<Record<string, readonly string[]>>;
}

export interface DeadlineRecord {
  /** `<state>@<version>`: unique per entry into the state, so stale timers are recognised. */
  id: string;
  state: string;
  startedAt: string;
  dueAt: string;
  remindAt?: string;
  escalateAt: string;
  remindedAt?: string;
  escalatedAt?: string;
  remindTo: Party[] | 'assignees';
  escalateTo: Party[];
  reassignOnEscalation: boolean;
}

export interface BookingRecord {
  bookingKey: string;
  resourceType: string;
  resourceId: string;
  start: string;
  end: string;
}

/** Everything the service persists about a running request. */
export interface WorkflowSnapshot {
  definition: { code: string; version: number };
  request: RequestContext;
  state: string;
  final: boolean;
  /** Increments with every accepted event; optimistic locking compares it. */
  version: number;
  data: FormData;
  assignees: Party[];
  approval: ApprovalProgress | null;
  deadlines: DeadlineRecord[];
  bookings: BookingRecord[];
  /** Latest generated document of each template: template code → document key. */
  documents: Record<string, string>;
  /**
   * Documents whose signatures were requested on entering the current state. Until the state is
   * left, its system steps (the step after the last signature) are the system's alone: nobody can
   * move the request on while signatures are pending (issue 19). Absent when none were requested.
   */
  awaitingSignatures?: string[];
  /**
   * Who acts for the parties of the current state that no active person can act for (nobody holds
   * the role, the department has no head, the four-eyes rule removes the only holder, the user is
   * inactive). Written by the runtime after each event from the office directory (the engine never
   * reads the directory: `resolveVacancies` is the pure rule); honoured by the engine: a fallback
   * may take the steps and cast the votes of the party it replaces. Dropped on entering a state.
   */
  fallbacks?: Fallback[];
  /** Parties of the current state nobody can act for even after the resolution chain. */
  unassigned?: Vacancy[];
  /** The last approval decided (see `DecidedApproval`). */
  decidedApproval?: DecidedApproval;
  stateEnteredAt: string;
  updatedAt: string;
}

/** Why no active person can act for a party. */
export type VacancyReason = 'nobody' | 'inactive' | 'fourEyes';

/** The link of the resolution chain (issue 19, ADR 0004) that found a fallback. */
export type FallbackLink = 'deputy' | 'filerDepartmentHead' | 'parentDepartmentHead' | 'director' | 'agendaAdmin';

export interface Vacancy {
  party: Party;
  reason: VacancyReason;
}

/** One person standing in for a vacant party of the current state ("za neobsazenou roli"). */
export interface Fallback extends Vacancy {
  userId: string;
  link: FallbackLink;
}

export type WorkflowEvent = TransitionEvent | VoteEvent | TimerEvent;

export interface TransitionEvent {
  type: 'transition';
  name: string;
  /** Changes to form fields, top-level; `null` removes a field. */
  data?: FormData;
  comment?: string;
  expectedVersion?: number;
}

export interface VoteEvent {
  type: 'vote';
  vote: Vote;
  comment?: string;
  expectedVersion?: number;
}

export interface TimerEvent {
  type: 'timer';
  deadlineId: string;
  timer: 'remind' | 'escalate';
  expectedVersion?: number;
}

interface EffectBase {
  /** `<requestId>/<version>/<index>`: deterministic, usable as the outbox row and job id. */
  id: string;
  requestId: string;
}

export interface ResolvedSigner {
  order: number;
  level: SignatureLevel;
  /** Absent for the office seal. */
  party?: Party;
}

export type Effect = EffectBase &
  (
    | { type: 'assign'; assignees: Party[] }
    | { type: 'notify'; recipients: Party[]; message: LocalizedText; template?: string }
    | { type: 'generateDocument'; template: string; documentKey: string }
    | { type: 'requestSignatures'; document: string; documentKey: string; signers: ResolvedSigner[] }
    | { type: 'publishToRegister'; register: string; document?: string; documentKey?: string; data: FormData }
    | { type: 'createBooking'; booking: BookingRecord }
    | { type: 'cancelBooking'; booking: BookingRecord }
    | { type: 'setField'; field: string; value: unknown }
    | { type: 'scheduleTimer'; deadlineId: string; timer: 'remind' | 'escalate'; at: string }
  );

export type EffectType = Effect['type'];

/** `migration`: an administrator moved the running request to another version of its agenda. */
export type HistoryKind = 'created' | 'transition' | 'vote' | 'approvalResolved' | 'reminder' | 'escalation' | 'migration';

export interface HistoryEntry {
  /** `<requestId>/<version>/h<index>`. */
  id: string;
  requestId: string;
  /** Snapshot version after the event. */
  version: number;
  at: string;
  kind: HistoryKind;
  transition?: string;
  from: string | null;
  to: string;
  actor: { userId: string; onBehalfOf?: string; fallbackFor?: Party };
  comment?: string;
  vote?: Vote;
  changedFields?: string[];
}

export interface TransitionOutcome {
  snapshot: WorkflowSnapshot;
  effects: Effect[];
  history: HistoryEntry[];
  /** Which way the request went where a step or an approval outcome has routes, and why. */
  route?: RouteTaken;
  /**
   * The event was a vote in a round decided meanwhile: nothing changed (the snapshot is the one
   * given, same version), the vote is not counted, and the caller answers "too late" without error.
   */
  lateVote?: { state: string; result: 'approved' | 'rejected'; vote: Vote };
}

/** The route a step or an approval outcome took: which one, and the values its conditions read. */
export interface RouteTaken {
  /** The step's name, or `onApproved` / `onRejected` of the approval in `state`. */
  source: string;
  state: string;
  to: string;
  /** Index of the route that held, or null when none did and the default `to` applied. */
  index: number | null;
  label?: LocalizedText;
  when?: unknown;
  /** Every variable the conditions tried read, with its value: `{"data.amount": 120000}`. */
  values: Record<string, unknown>;
}

export type RejectionCode = 'NOT_ALLOWED' | 'GUARD_FAILED' | 'INVALID_DATA' | 'WRONG_STATE' | 'STALE';

export interface FieldError {
  /** JSON pointer into the form data (`/budget/2/amount`); `/$comment` for the comment. */
  pointer: string;
  keyword: string;
  message: LocalizedText;
  params?: Record<string, unknown>;
}

export interface Rejection {
  code: RejectionCode;
  message: LocalizedText;
  fieldErrors?: FieldError[];
}

export interface AvailableAction {
  kind: 'transition' | 'vote';
  /** The transition name, or `approve` / `reject` for a vote. */
  name: string;
  label: LocalizedText;
  /** Default target state (routes may pick another). */
  to?: string;
  commentRequired: boolean;
  editableFields: string[];
  requiredFields: string[];
  style?: 'primary' | 'secondary' | 'danger';
  /** False when the guard fails on the current data; the action is shown but disabled. */
  enabled: boolean;
  disabledReason?: LocalizedText;
  event: WorkflowEvent;
}
