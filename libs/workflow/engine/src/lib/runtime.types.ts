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
