import type { LocalizedText } from '@agendy/shared/util';
import type { DefinitionError } from '../definition-errors';
import type { StateOutcome } from '../definition.types';
import type { FieldError, FormData, Rejection, RejectionCode, Vote } from '../runtime.types';

/**
 * A "try it" scenario: one request of an agenda, the people involved and the steps they take,
 * with what the administrator expects to happen. Described for editors by
 * `tools/agenda-run/scenario.schema.json`; run by `runScenario()` and `npm run agenda:run`.
 */
export interface Scenario {
  $schema?: string;
  /** What the scenario tries, shown in the report. */
  title?: string;
  /** Who files the request and from which department (odbor). */
  filer: { id: string; department: string };
  /** When the request is created (ISO 8601 with offset, e.g. `2026-11-27T10:00:00+01:00`). */
  filedAt: string;
  /** Form data entered already when the request is created (checked like a draft). */
  data?: FormData;
  /**
   * The org structure, as far as the scenario needs it: each department's parent department
   * (odbor → sekce). Decides who the manager of a filer who heads their own department is.
   */
  departments?: Record<string, { parent?: string }>;
  /**
   * The scenario means to end in a state that is not final where nobody but the filer can act
   * (a request stuck on purpose). Without it such an end fails the run.
   */
  expectStuck?: boolean;
  /** Everyone taking part, by user id. `employee` is added to everyone's roles, `manager` to heads of departments. */
  people: Record<string, ScenarioPerson>;
  steps: ScenarioStep[];
}

export interface ScenarioPerson {
  name?: string;
  /** Roles held in this agenda (built-in ones such as `director` and the agenda's own). */
  roles?: string[];
  department?: string;
  /** Departments this person heads (vedoucí odboru). */
  heads?: string[];
  /** Directory groups the person is a member of: `membersOfGroup` parties, agenda roles held through groups. */
  groups?: string[];
}

export interface StepExpectations {
  /** The state the request must be in after the step. */
  expect?: string;
  /** The step must be refused with this code. */
  expectRejection?: RejectionCode;
  /** With INVALID_DATA: JSON pointers of fields that must be among the reported errors, e.g. `/licencePlate`. */
  expectErrors?: string[];
  /** A remark printed with the step. */
  note?: string;
}

export interface ScenarioActionStep extends StepExpectations {
  /** The person (user id from `people`) taking the step. */
  as: string;
  /** A deputy (zástup) acting for this person. */
  onBehalfOf?: string;
  /** The transition to take (its `name`)… */
  do?: string;
  /** …or a vote in a parallel approval. */
  vote?: Vote;
  /** Fields entered or changed in this step; `null` clears a field. */
  data?: FormData;
  comment?: string;
  /** When; the clock of the previous step when omitted. Time only moves forward. */
  at?: string;
}

export interface ScenarioTimerStep extends StepExpectations {
  /** Fire the current deadline's reminder or escalation, as the system's scheduler does. */
  timer: 'remind' | 'escalate';
  /** When; the moment the timer is due when omitted. */
  at?: string;
}

export type ScenarioStep = ScenarioActionStep | ScenarioTimerStep;

export interface ReportedAction {
  kind: 'transition' | 'vote';
  name: string;
  label: LocalizedText;
  enabled: boolean;
  commentRequired: boolean;
  disabledReason?: LocalizedText;
}

export interface ReportedDeadline {
  state: string;
  startedAt: string;
  dueAt: string;
  remindAt?: string;
  escalateAt: string;
  remindTo: LocalizedText;
  escalateTo: LocalizedText;
  reassignOnEscalation: boolean;
}

export interface StepReport {
  /** 0 is the filing, then the steps of the scenario from 1. */
  index: number;
  at: string;
  kind: 'file' | 'transition' | 'vote' | 'timer';
  /** Person id, or `system` for timers. */
  actor: string;
  onBehalfOf?: string;
  action: string;
  actionLabel?: LocalizedText;
  comment?: string;
  changedFields?: string[];
  note?: string;
  from: { id: string; label: LocalizedText } | null;
  to: { id: string; label: LocalizedText; final: boolean; outcome?: StateOutcome };
  accepted: boolean;
  rejection?: Rejection;
  /** Where a step or an approval outcome with routes went, and why (which route held, the values it read). */
  route?: LocalizedText;
  /** A vote that came after its round was decided: not counted, nothing changed. */
  late?: boolean;
  /** Effects the system would carry out, described with the people of the scenario. */
  effects: LocalizedText[];
  /** A deadline opened by this step. */
  deadline?: ReportedDeadline;
  assignees: LocalizedText;
  /**
   * Parties of the state nobody in the scenario can act for, and who the resolution chain hands
   * them to ("za neobsazenou roli …", docs/agendas.md 4.7) — or that nobody takes them at all.
   */
  fallbacks?: LocalizedText;
  /** What each person (and the system) may do next. */
  available: Array<{ person: string; actions: ReportedAction[] }>;
  /** Timers still waiting on the running deadline. */
  pendingTimers: Array<{ timer: 'remind' | 'escalate'; at: string }>;
  /** Set when the step did not go as the scenario expects. */
  problem?: LocalizedText;
}

export interface ScenarioReport {
  ok: boolean;
  title?: string;
  agenda: { code: string; version: number; name: LocalizedText };
  /** The definition is invalid: nothing was run. */
  definitionErrors: DefinitionError[];
  steps: StepReport[];
  /** The first problem, which stops the run; `atEnd` when every step went through but the end is wrong (stuck). */
  failure?: { step: number; message: LocalizedText; fieldErrors?: FieldError[]; atEnd?: boolean };
  /**
   * Where the request ended. `stuck`: the state is not final and nobody in the scenario can move
   * the request on (the filer's own steps, such as withdrawing, count only while it is on the
   * filer's desk).
   */
  end?: { state: string; label: LocalizedText; final: boolean; outcome?: StateOutcome; data: FormData; stuck?: boolean };
}
