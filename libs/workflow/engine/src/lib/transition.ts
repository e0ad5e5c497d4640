import { formatPragueDateTimeCs, formatPragueDateTimeEn, ok, type Result } from '@agendy/shared/util';
import type { AgendaDefinition, ApprovalDefinition, TransitionDefinition } from './definition.types';
import { APPROVAL_DECIDED_TEMPLATE, ESCALATION_TEMPLATE } from './runtime.types';
import type {
  Actor,
  ApprovalProgress,
  DirectoryFacts,
  Fallback,
  Party,
  FieldError,
  FormData,
  Rejection,
  TimerEvent,
  TransitionEvent,
  TransitionOutcome,
  VoteEvent,
  WorkflowEvent,
  WorkflowSnapshot,
} from './runtime.types';
import { compileDefinition, fromStates, type CompiledDefinition } from './compiled-definition';
import { applyPatch, emit, isFormData, recordHistory, runEffects, startWork, workLogicContext, type Work } from './effects';
import { isLogicTrue } from './json-logic';
import { approvalTally, logicContext, type LogicContext } from './logic-context';
import { actorMayTake, fallbackPartyUsed, heldForSignatures, isFiler, partyKey, partyMatchesActor, samePartyLists } from './parties';
import { approvalResult, castVote, findVoteSlot, hasVoted } from './approvals';
import { pickRoute } from './routes';
import { remindedByDefault } from './deadlines';
import { beginEnter, finishEnter, stateOf } from './state-entry';
import { validateFormData } from './form-validation';
import { COMMENT_REQUIRED, invalidData, reject } from './rejections';

export type TransitionResult = Result<TransitionOutcome, Rejection>;

/**
 * The engine's one entry point for change: given a definition, the current snapshot, an event
 * and who sends it at which instant, returns the next snapshot with the effects to carry out,
 * or a rejection. Pure: no I/O, no clock, no randomness; the input snapshot is not modified.
 */
export function transition(
  definition: AgendaDefinition,
  snapshot: WorkflowSnapshot,
  event: WorkflowEvent,
  actor: Actor,
  now: Date,
  facts: DirectoryFacts = {},
): TransitionResult {
  assertSnapshotOf(definition, snapshot);
  const compiled = compileDefinition(definition);
  // Votes of one round commute: a vote is never stale because another one landed first.
  if (event.type === 'vote') return castVoteEvent(compiled, snapshot, event, actor, now, facts);
  if (event.expectedVersion !== undefined && event.expectedVersion !== snapshot.version) {
    return reject('STALE', {
      cs: `Žádost mezitím změnil někdo jiný (verze ${snapshot.version}, očekávána ${event.expectedVersion}). Načtěte ji znovu.`,
      en: `The request was changed meanwhile (version ${snapshot.version}, expected ${event.expectedVersion}). Reload it.`,
    });
  }
  if (snapshot.final) {
    return reject('WRONG_STATE', { cs: 'Žádost je uzavřena.', en: 'The request is closed.' });
  }
  switch (event.type) {
    case 'transition':
      return takeTransition(compiled, snapshot, event, actor, now, facts);
    case 'timer':
      return fireTimer(snapshot, event, actor, now, facts);
    default:
      return reject('WRONG_STATE', { cs: 'Neznámá událost.', en: 'Unknown event.' });
  }
}

/**
 * Whether an event sent with `expectedVersion` must be refused as stale without looking further.
 * Steps and timers need the exact version (they change data or depend on it). A vote only needs a
 * version of the same round of the approval: within the round votes are merged under the request's
 * lock in whatever order they arrive, and a vote of a round decided meanwhile is answered as late.
 */
export function isStale(snapshot: WorkflowSnapshot, event: WorkflowEvent): boolean {
  const expected = event.expectedVersion;
  if (expected === undefined || expected === snapshot.version) return false;
  if (event.type !== 'vote' || expected > snapshot.version) return true;
  return !sameRound(snapshot, expected) && !inDecidedRound(snapshot, expected);
}

/** The version was seen while the approval open now was already open. */
function sameRound(snapshot: WorkflowSnapshot, expected: number): boolean {
  const opened = snapshot.approval?.openedVersion;
  return opened !== undefined && expected >= opened && expected <= snapshot.version;
}

function inDecidedRound(snapshot: WorkflowSnapshot, expected: number): boolean {
  const d = snapshot.decidedApproval;
  return d !== undefined && expected >= d.openedVersion && expected < d.decidedVersion;
}

function takeTransition(
  compiled: CompiledDefinition,
  snapshot: WorkflowSnapshot,
  event: TransitionEvent,
  actor: Actor,
  now: Date,
  facts: DirectoryFacts,
): TransitionResult {
  const definition = compiled.definition;
  const t = compiled.transitions.get(event.name);
  if (!t || !fromStates(t).includes(snapshot.state)) {
    const state = stateOf(compiled, snapshot.state);
    return reject('WRONG_STATE', {
      cs: `Krok „${t?.label.cs ?? event.name}“ nelze provést ve stavu „${state.label.cs}“.`,
      en: `Step "${t?.label.en ?? event.name}" is not possible in state "${state.label.en}".`,
    });
  }
  if (!actorMayTake(t.who, actor, snapshot, t.forbidFiler)) {
    return reject('NOT_ALLOWED', {
      cs: `Krok „${t.label.cs}“ vám nepřísluší.`,
      en: `You may not take the step "${t.label.en}".`,
    });
  }
  if (heldForSignatures(t, snapshot, actor)) {
    return reject('NOT_ALLOWED', {
      cs: `Krok „${t.label.cs}“ provede systém sám po posledním podpisu dokumentu; podpisy ještě nejsou kompletní.`,
      en: `The system takes the step "${t.label.en}" itself after the last signature; signatures are still pending.`,
    });
  }
  const patch = event.data ?? {};
  if (!isFormData(patch)) return invalidData([{ pointer: '', keyword: 'type', message: { cs: 'Data formuláře musí být objekt', en: 'Form data must be an object' } }]);
  const readonly = readonlyFieldErrors(compiled, t, patch);
  if (readonly.length > 0) return invalidData(readonly);

  const data = applyPatch(snapshot.data, patch);
  const ctx = logicContext(data, snapshot.request, snapshot.state, actor, now);
  const errors: FieldError[] = validateFormData(definition, data, t.validation ?? 'full', ctx, t.requiredFields ?? []);
  if (t.commentRequired && !event.comment?.trim()) errors.push(COMMENT_REQUIRED);
  if (errors.length > 0) return invalidData(errors);

  if (t.guard !== undefined && !safeTruthy(t.guard, ctx)) {
    return reject(
      'GUARD_FAILED',
      t.guardMessage ?? { cs: `Podmínky kroku „${t.label.cs}“ nejsou splněny.`, en: `The conditions of "${t.label.en}" are not met.` },
    );
  }

  const { to: target, taken } = pickRoute(t.routes, t.to, ctx, t.name);
  const work = startWork(snapshot, actor, now, facts);
  work.fallbackFor = fallbackPartyUsed(t.who, actor, snapshot, t.forbidFiler);
  work.snapshot.data = data;
  const changesState = target !== snapshot.state;
  if (changesState) beginEnter(work, compiled, target);
  const problems = runEffects(work, t.effects);
  if (changesState) problems.push(...finishEnter(work, compiled, target));
  problems.push(...revalidateComputedFields(work, definition));
  if (problems.length > 0) return invalidData(problems);

  recordHistory(work, {
    kind: 'transition',
    transition: t.name,
    from: snapshot.state,
    to: target,
    ...(event.comment ? { comment: event.comment } : {}),
    ...(Object.keys(patch).length > 0 ? { changedFields: Object.keys(patch) } : {}),
  });
  return ok({ ...outcomeOf(work), ...(taken ? { route: taken } : {}) });
}

function castVoteEvent(
  compiled: CompiledDefinition,
  snapshot: WorkflowSnapshot,
  event: VoteEvent,
  actor: Actor,
  now: Date,
  facts: DirectoryFacts,
): TransitionResult {
  const state = stateOf(compiled, snapshot.state);
  const approval = snapshot.approval;
  const expected = event.expectedVersion;
  const open = approval && state.approval && !snapshot.final ? approval : undefined;
  const inRound = open !== undefined && (expected === undefined || expected === snapshot.version || sameRound(snapshot, expected));
  const forbidden = state.approval?.forbidFiler === true && isFiler(actor, snapshot.request);
  const slot = inRound && !forbidden ? findVoteSlot(open, actor, snapshot.fallbacks) : undefined;
  if (!slot) {
    const late = lateVote(snapshot, event, actor);
    if (late) return ok({ snapshot, effects: [], history: [], lateVote: late });
    if (expected !== undefined && isStale(snapshot, event)) {
      return reject('STALE', {
        cs: `Žádost mezitím změnil někdo jiný (verze ${snapshot.version}, očekávána ${expected}). Načtěte ji znovu.`,
        en: `The request was changed meanwhile (version ${snapshot.version}, expected ${expected}). Reload it.`,
      });
    }
    if (snapshot.final) return reject('WRONG_STATE', { cs: 'Žádost je uzavřena.', en: 'The request is closed.' });
    if (!open) return reject('WRONG_STATE', { cs: `Ve stavu „${state.label.cs}“ se nehlasuje.`, en: `There is no vote in state "${state.label.en}".` });
    return hasVoted(open, actor)
      ? reject('NOT_ALLOWED', { cs: 'V tomto kole jste již hlasovali.', en: 'You have already voted in this round.' })
      : reject('NOT_ALLOWED', { cs: `V kroku „${state.label.cs}“ nehlasujete.`, en: `You are not a voter in "${state.label.en}".` });
  }
  const definition = state.approval as ApprovalDefinition;
  if (event.vote === 'reject' && definition.commentRequiredOnReject && !event.comment?.trim()) {
    return invalidData([COMMENT_REQUIRED]);
  }
  const work = startWork(snapshot, actor, now, facts);
  if (slot.fallbackFor) work.fallbackFor = slot.fallbackFor;
  const progress = castVote(open as ApprovalProgress, slot.index, {
    vote: event.vote,
    userId: actor.userId,
    ...(actor.onBehalfOf ? { onBehalfOf: actor.onBehalfOf } : {}),
    ...(slot.fallbackFor ? { fallbackFor: slot.fallbackFor } : {}),
    ...(event.comment ? { comment: event.comment } : {}),
    at: work.nowIso,
  });
  work.snapshot.approval = progress;
  recordHistory(work, { kind: 'vote', from: snapshot.state, to: snapshot.state, vote: event.vote, ...(event.comment ? { comment: event.comment } : {}) });

  const result = approvalResult(progress);
  work.votingOn = { progress, tally: approvalTally(progress, event.vote) };
  // Every vote may tell someone (the filer, the other voters); the deciding one too, before the outcome.
  const problems = runEffects(work, definition.onVote);
  if (result === 'pending') {
    if (problems.length > 0) return invalidData(problems);
    return ok(outcomeOf(work));
  }
  const outcome = result === 'approved' ? definition.onApproved : definition.onRejected;
  const { to: target, taken } = pickRoute(outcome.routes, outcome.to, workLogicContext(work), result === 'approved' ? 'onApproved' : 'onRejected');
  const unvoted = unvotedParties(progress, snapshot.fallbacks);
  if (unvoted.length > 0) {
    // Members who had not voted lose the task (the round is over) and are told why.
    const label = state.label;
    const decided = result === 'approved' ? { cs: 'schváleno', en: 'approved' } : { cs: 'zamítnuto', en: 'rejected' };
    emit(work, {
      type: 'notify',
      recipients: unvoted,
      template: APPROVAL_DECIDED_TEMPLATE,
      message: {
        cs: `Hlasování „${label.cs}“ bylo rozhodnuto (${decided.cs}) dříve, než jste hlasovali; váš hlas už není potřeba.`,
        en: `The vote "${label.en}" was decided (${decided.en}) before you voted; your vote is no longer needed.`,
      },
    });
  }
  beginEnter(work, compiled, target);
  work.snapshot.decidedApproval = {
    state: snapshot.state,
    openedVersion: progress.openedVersion ?? snapshot.version,
    decidedVersion: work.snapshot.version,
    result,
    unvoted,
  };
  problems.push(...runEffects(work, outcome.effects));
  problems.push(...finishEnter(work, compiled, target));
  problems.push(...revalidateComputedFields(work, compiled.definition));
  if (problems.length > 0) return invalidData(problems);
  recordHistory(work, { kind: 'approvalResolved', from: snapshot.state, to: target, vote: result === 'approved' ? 'approve' : 'reject' });
  return ok({ ...outcomeOf(work), ...(taken ? { route: taken } : {}) });
}

/** Who had a vote in the round and did not cast it: the slot's party and whoever stood in for it. */
function unvotedParties(progress: ApprovalProgress, fallbacks: readonly Fallback[] | undefined): Party[] {
  const parties: Party[] = [];
  const seen = new Set<string>();
  const add = (p: Party) => {
    const key = partyKey(p);
    if (!seen.has(key)) {
      seen.add(key);
      parties.push(p);
    }
  };
  for (const slot of progress.slots) {
    if (slot.vote) continue;
    add(slot.party);
    const key = partyKey(slot.party);
    for (const f of fallbacks ?? []) if (partyKey(f.party) === key) add({ kind: 'user', userId: f.userId });
  }
  return parties;
}

/**
 * A vote for a round decided meanwhile by someone who had a vote in it and had not cast it: not
 * counted and not an error (the decision was the same whatever the order of the votes).
 */
function lateVote(snapshot: WorkflowSnapshot, event: VoteEvent, actor: Actor): TransitionOutcome['lateVote'] {
  const d = snapshot.decidedApproval;
  if (!d) return undefined;
  if (event.expectedVersion !== undefined && !inDecidedRound(snapshot, event.expectedVersion)) return undefined;
  // Without a version a vote means the round open now, when the actor has a vote in it (cast or not).
  if (event.expectedVersion === undefined && snapshot.approval?.slots.some((s) => partyMatchesActor(s.party, actor, snapshot.fallbacks))) return undefined;
  if (!d.unvoted.some((p) => partyMatchesActor(p, actor))) return undefined;
  return { state: d.state, result: d.result, vote: event.vote };
}

/** Reminders and escalations: sent by the scheduler as the system actor when a timer fires. */
function fireTimer(snapshot: WorkflowSnapshot, event: TimerEvent, actor: Actor, now: Date, facts: DirectoryFacts): TransitionResult {
  if (!actor.system) return reject('NOT_ALLOWED', { cs: 'Lhůty spouští jen systém.', en: 'Only the system fires timers.' });
  const deadline = snapshot.deadlines.find((d) => d.id === event.deadlineId);
  const firedAlready = event.timer === 'remind' ? deadline?.remindedAt !== undefined || deadline?.remindAt === undefined : deadline?.escalatedAt !== undefined;
  if (!deadline || firedAlready) {
    // The request moved on or the timer fired before: the scheduler drops this job.
    return reject('WRONG_STATE', { cs: 'Lhůta již neplatí.', en: 'The deadline no longer applies.' });
  }
  const at = event.timer === 'remind' ? deadline.remindAt : deadline.escalateAt;
  if (at !== undefined && now.getTime() < Date.parse(at)) {
    return reject('GUARD_FAILED', { cs: 'Na tuto lhůtu je ještě brzy.', en: 'This timer is not due yet.' });
  }
  const work = startWork(snapshot, actor, now, facts);
  const snap = work.snapshot;
  if (event.timer === 'remind') {
    const recipients = deadline.remindTo === 'assignees' ? remindedByDefault(snap) : deadline.remindTo;
    snap.deadlines = snap.deadlines.map((d) => (d.id === deadline.id ? { ...d, remindedAt: work.nowIso } : d));
    if (recipients.length > 0) {
      emit(work, {
        type: 'notify',
        recipients,
        template: 'deadline-reminder',
        message: {
          cs: `Blíží se lhůta pro vyřízení žádosti: ${formatPragueDateTimeCs(new Date(deadline.dueAt))}.`,
          en: `The request is due by ${formatPragueDateTimeEn(new Date(deadline.dueAt))} (Prague time).`,
        },
      });
    }
    recordHistory(work, { kind: 'reminder', from: snap.state, to: snap.state });
  } else {
    snap.deadlines = snap.deadlines.map((d) => (d.id === deadline.id ? { ...d, escalatedAt: work.nowIso } : d));
    emit(work, {
      type: 'notify',
      recipients: deadline.escalateTo,
      template: ESCALATION_TEMPLATE,
      message: {
        cs: `Lhůta pro vyřízení žádosti (${formatPragueDateTimeCs(new Date(deadline.dueAt))}) byla překročena.`,
        en: `The request's deadline (${formatPragueDateTimeEn(new Date(deadline.dueAt))}, Prague time) has passed.`,
      },
    });
    if (deadline.reassignOnEscalation && !samePartyLists(snap.assignees, deadline.escalateTo)) {
      snap.assignees = deadline.escalateTo;
      emit(work, { type: 'assign', assignees: snap.assignees });
    }
    recordHistory(work, { kind: 'escalation', from: snap.state, to: snap.state });
  }
  return ok(outcomeOf(work));
}

function readonlyFieldErrors(compiled: CompiledDefinition, t: TransitionDefinition, patch: FormData): FieldError[] {
  const editable = t.editableFields ?? [];
  const all = editable.includes('*');
  return Object.keys(patch)
    .filter((field) => !(all ? compiled.fields.includes(field) : editable.includes(field)))
    .map((field) => ({
      pointer: '/' + field,
      keyword: 'readonly',
      message: compiled.fields.includes(field)
        ? {
            cs: `„${compiled.definition.form.ui.fields[field]?.label.cs ?? field}“: v kroku „${t.label.cs}“ nelze měnit`,
            en: `"${compiled.definition.form.ui.fields[field]?.label.en ?? field}": cannot be changed in step "${t.label.en}"`,
          }
        : { cs: `${field}: formulář takový údaj nezná`, en: `${field}: is not a field of this form` },
    }));
}

export function safeTruthy(logic: unknown, ctx: LogicContext): boolean {
  try {
    return isLogicTrue(logic, ctx);
  } catch {
    return false; // an expression that cannot be evaluated on this data does not hold
  }
}

/** Computed fields (setField) must still fit the form; if not, the definition is wrong. */
function revalidateComputedFields(work: Work, definition: AgendaDefinition): FieldError[] {
  return work.fieldsSet ? validateFormData(definition, work.snapshot.data, 'partial') : [];
}

function outcomeOf(work: Work): TransitionOutcome {
  return { snapshot: work.snapshot, effects: work.effects, history: work.history };
}

function assertSnapshotOf(definition: AgendaDefinition, snapshot: WorkflowSnapshot): void {
  if (snapshot.definition.code !== definition.code || snapshot.definition.version !== definition.version) {
    // Running requests stay on their version; mixing versions is a bug in the caller.
    throw new Error(
      `Snapshot of ${snapshot.definition.code} v${snapshot.definition.version} given with definition ${definition.code} v${definition.version}`,
    );
  }
}

