import type { LocalizedText } from '@agendy/shared/util';

/**
 * The agenda definition language as TypeScript types. The JSON Schema in
 * `agenda-definition.schema.json` describes the same shape for administrators and editors;
 * `validateDefinition()` checks both the shape and the rules a schema cannot express.
 */

/** A JSONLogic expression (https://jsonlogic.com) evaluated over `{data, request, actor, now, today, state}`. */
export type JsonLogic = unknown;

/** A JSON Schema 2020-12 document. */
export type JsonSchema = Record<string, unknown>;

/** Roles every agenda may use without declaring them; the identity module maps directory groups to them. */
export const BUILT_IN_ROLES = [
  'employee',
  'manager',
  'director',
  'agenda-officer',
  'agenda-admin',
  'auditor',
  'system-admin',
] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

export interface AgendaDefinition {
  $schema?: string;
  /** Stable identifier of the agenda, e.g. `grant-application`. */
  code: string;
  /** Positive integer; a running request stays on the version it was filed under. */
  version: number;
  name: LocalizedText;
  description: LocalizedText;
  /** Area of the office (personální, dotace, hospodářská správa, samospráva, …). */
  category?: string;
  roles: RoleDefinition[];
  form: FormDefinition;
  workflow: WorkflowDefinition;
  documents: DocumentTemplate[];
  records: RecordsMetadata;
}

export interface RoleDefinition {
  code: string;
  name: LocalizedText;
  description?: LocalizedText;
  /** Directory (LDAP/AD) groups whose members hold the role in this agenda. */
  directoryGroups: string[];
}

export interface FormDefinition {
  /** JSON Schema 2020-12 of the request data: an object whose properties are the form fields. */
  schema: JsonSchema;
  ui: FormUi;
  /** Cross-field checks a JSON Schema cannot express (sums of budget lines, date order). */
  rules?: FormRule[];
}

export type Widget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'money'
  | 'date'
  | 'datetime'
  | 'time'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'email'
  | 'file'
  | 'table'
  | 'user'
  | 'users'
  | 'department'
  | 'departments'
  | 'resource'
  | 'hidden';

export interface FormUi {
  sections: FormSection[];
  fields: Record<string, FieldUi>;
}

export interface FormSection {
  id: string;
  title: LocalizedText;
  help?: LocalizedText;
  fields: string[];
  /** JSONLogic: the section is shown only while this holds. */
  visibleIf?: JsonLogic;
}

export interface FieldUi {
  label: LocalizedText;
  help?: LocalizedText;
  placeholder?: LocalizedText;
  widget?: Widget;
  /** Labels of enum values, keyed by the value. */
  options?: Record<string, LocalizedText>;
  /** The columns of a table (array of objects), keyed by the property of its rows. */
  columns?: Record<string, ColumnUi>;
  visibleIf?: JsonLogic;
  /** Filled by the workflow (setField) or in a later step, shown read-only on the filing form. */
  readonly?: boolean;
}

/** One column of a table: like a field, a choice column labels every value of its `enum` in `options`. */
export interface ColumnUi {
  label: LocalizedText;
  widget?: Widget;
  /** Labels of enum values of a `select` / `radio` column, keyed by the value. */
  options?: Record<string, LocalizedText>;
}

export interface FormRule {
  id: string;
  /** JSONLogic that must be true for the data to be valid. */
  assert: JsonLogic;
  /** JSON pointer of the field the error is shown at, e.g. `/budget`. */
  field: string;
  message: LocalizedText;
}

export interface WorkflowDefinition {
  initial: string;
  /** Who may file a new request. */
  start: { who: ActorRule[] };
  states: StateDefinition[];
  transitions: TransitionDefinition[];
}

export type StateOutcome = 'approved' | 'rejected' | 'withdrawn' | 'completed' | 'cancelled' | 'repealed';

export interface StateDefinition {
  id: string;
  label: LocalizedText;
  final?: boolean;
  /** How a final state ended, for statistics and the requester's overview. */
  outcome?: StateOutcome;
  /** Whom the request is assigned to while in this state. */
  assignTo?: PartyRule[];
  deadline?: DeadlineDefinition;
  approval?: ApprovalDefinition;
  /** Effects emitted whenever the request enters this state from another one. */
  onEnter?: EffectDefinition[];
}

/** Who may take a transition; any rule in the list suffices. */
export type ActorRule =
  | { role: string }
  | { filer: true }
  | { assignee: true }
  | { managerOfFiler: true }
  | { user: string }
  | { system: true };

/** A party the engine resolves to concrete users, role queues or department heads. */
export type PartyRule =
  | { role: string }
  | { filer: true }
  | { managerOfFiler: true }
  | { user: string }
  | { actor: true }
  | { assignees: true }
  /** A form field holding a user id or an array of user ids. */
  | { userFromField: string }
  /** A form field holding a department id or an array of them: their heads. */
  | { departmentManagersFromField: string }
  /**
   * Every member of a directory group, each one a person of their own: in an approval each member
   * has a vote (k of n counted per person), in `assignTo` each gets the task. The runtime reads the
   * members from the directory and hands them to the engine (`DirectoryFacts.groupMembers`).
   */
  | { membersOfGroup: string }
  /**
   * In the effects of an approval (`onVote`, `onApproved`, `onRejected`): everyone with a vote in
   * it except the person voting — "tell the other voters".
   */
  | { voters: true };

export interface TransitionDefinition {
  name: string;
  label: LocalizedText;
  from: string | string[];
  /** Target state, unless one of `routes` applies. */
  to: string;
  /** Conditional targets, first match wins: e.g. over 50 000 CZK go to the director. */
  routes?: Route[];
  who: ActorRule[];
  /** Four-eyes principle: the filer may not take this transition even if a rule matches. */
  forbidFiler?: boolean;
  guard?: JsonLogic;
  guardMessage?: LocalizedText;
  commentRequired?: boolean;
  /** Form fields the actor may change with this transition; `*` means all. */
  editableFields?: string[];
  /** Fields that must have a value after the transition (e.g. the resolution number). */
  requiredFields?: string[];
  /** `full` (default) validates the whole form, `partial` skips required checks (drafts). */
  validation?: 'full' | 'partial';
  effects?: EffectDefinition[];
  /** UI hint for the button. */
  style?: 'primary' | 'secondary' | 'danger';
}

/**
 * One conditional target of a step or an approval outcome. Routes are tried in order and the first
 * whose `when` holds wins; when none holds, the default `to` of the step or outcome applies.
 */
export interface Route {
  when: JsonLogic;
  to: string;
  /** Why this route exists, shown by agenda:run and the simulator: "nad 500 000 Kč / above CZK 500,000". */
  label?: LocalizedText;
}

export type ApprovalMode = 'all' | 'any' | 'quorum';

export interface ApprovalDefinition {
  /** Each resolved party gets one vote slot (a role queue slot can be filled by any member). */
  participants: PartyRule[];
  mode: ApprovalMode;
  /** Approvals needed when mode is `quorum`. */
  quorum?: number;
  /** Decide only after every participant voted (a comment round), not as soon as the result is certain. */
  waitForAll?: boolean;
  forbidFiler?: boolean;
  commentRequiredOnReject?: boolean;
  voteLabels?: { approve: LocalizedText; reject: LocalizedText };
  /**
   * Notifications sent on every vote that does not decide the approval yet (tell the filer, the
   * other voters). Only `notify`: a vote changes no data; what follows the decision belongs to
   * `onApproved` / `onRejected`.
   */
  onVote?: EffectDefinition[];
  onApproved: ApprovalOutcome;
  onRejected: ApprovalOutcome;
}

/** Where the request goes when an approval is decided: the default `to`, or the first route that holds. */
export interface ApprovalOutcome {
  to: string;
  routes?: Route[];
  effects?: EffectDefinition[];
}

export interface DeadlineDefinition {
  /** Due at the end of the N-th business day (Czech calendar) after entering the state. */
  businessDays?: number;
  /** Due at the end of the N-th calendar day: statutory periods such as the 30 days of the contract register. */
  calendarDays?: number;
  /** A date field the period runs from (the day a contract was concluded); else the day the state was entered. */
  startField?: string;
  remindBeforeBusinessDays?: number;
  /** Reminder recipients; the current assignees when omitted. */
  remindTo?: PartyRule[];
  /** Business days after the due date before escalating; 0 escalates at the due time. */
  escalateAfterBusinessDays?: number;
  escalateTo: PartyRule[];
  /** Reassign the request to the escalation parties when escalating. */
  reassignOnEscalation?: boolean;
}

export type SignatureLevel = 'simple' | 'advanced' | 'qualified' | 'seal';

export interface SignerDefinition {
  /** Omitted for the office seal. */
  who?: PartyRule;
  level: SignatureLevel;
  /** Signers sign in ascending order; equal numbers may sign in parallel. */
  order: number;
}

/** Every effect may carry `when`: a JSONLogic condition; the effect happens only if it holds. */
export type EffectDefinition = EffectKind & { when?: JsonLogic };

export type EffectKind =
  | { type: 'assign'; to: PartyRule[] }
  | { type: 'notify'; to: PartyRule[]; message: LocalizedText; template?: string }
  | { type: 'generateDocument'; template: string }
  | { type: 'requestSignatures'; document: string; signers: SignerDefinition[] }
  | { type: 'publishToRegister'; register: string; document?: string; fields?: string[] }
  | { type: 'createBooking'; resourceType: string; resourceField: string; startField: string; endField: string }
  | { type: 'cancelBooking'; resourceType: string }
  | { type: 'setField'; field: string; value: JsonLogic };

export interface DocumentTemplate {
  code: string;
  name: LocalizedText;
  /** Template file name, resolved by the documents module. */
  template: string;
  format: 'pdf';
}

export interface RecordsMetadata {
  /** Spisový znak from the office's file plan. */
  fileMark: string;
  /** Skartační znak (A archive, V selection, S shred) and retention period in years. */
  retention: { sign: 'A' | 'V' | 'S'; years: number };
  /** Public register the agenda publishes to, if any. */
  publicRegister?: string;
}
