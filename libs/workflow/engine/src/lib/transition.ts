import { formatPragueDateTimeCs, formatPragueDateTimeEn, ok, type Result } from '@agendy/shared/util';
import type { AgendaDefinition, TransitionDefinition } from './definition.types';
import { ESCALATION_TEMPLATE } from './runtime.types';
import type {
  Actor,
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
import { applyPatch, emit, isFormData, recordHistory, runEffects, startWork, type Work } from './effects';
import { isLogicTrue } from './json-logic';
import { logicContext, type LogicContext } from './logic-context';
import { actorMayTake, fallbackPartyUsed, heldForSignatures, isFiler, samePartyLists } from './parties';
import { approvalResult, castVote, findVoteSlot, hasVoted } from './approvals';
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
): TransitionResult {
  assertSnapshotOf(definition, snapshot);
  if (event.expectedVersion !== undefined && event.expectedVersion !== snapshot.version) {
    return reject('STALE', {
      cs: `Žádost mezitím změnil někdo jiný (verze ${snapshot.version}, očekávána ${event.expectedVersion}). Načtěte ji znovu.`,
      en: `The request was changed meanwhile (version ${snapshot.version}, expected ${event.expectedVersion}). Reload it.`,
    });
  }
  if (snapshot.final) {
    return reject('WRONG_STATE', { cs: 'Žádost je uzavřena.', en: 'The request is closed.' });
  }
  const compiled = compileDefinition(definition);
  switch (event.type) {
    case 'transition':
      return takeTransition(compiled, snapshot, event, actor, now);
    case 'vote':
      return castVoteEvent(compiled, snapshot, event, actor, now);
    case 'timer':
      return fireTimer(snapshot, event, actor, now);
    default:
      return reject('WRONG_STATE', { cs: 'Neznámá událost.', en: 'Unknown event.' });
  }
}

function takeTransition(
  compiled: CompiledDefinition,
  snapshot: WorkflowSnapshot,
  event: TransitionEvent,
  actor: Actor,
  now: Date,
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

  const target = routeTarget(t, ctx);
  const work = startWork(snapshot, actor, now);
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
  return ok(outcomeOf(work));
}

function castVoteEvent(
  compiled: CompiledDefinition,
  snapshot: WorkflowSnapshot,
  event: VoteEvent,
  actor: Actor,
  now: Date,
): TransitionResult {
  const state = stateOf(compiled, snapshot.state);
  const approval = snapshot.approval;
  if (!approval || !state.approval) {
    return reject('WRONG_STATE', { cs: `Ve stavu „${state.label.cs}“ se nehlasuje.`, en: `There is no vote in state "${state.label.en}".` });
  }
  const slot = state.approval.forbidFiler && isFiler(actor, snapshot.request) ? undefined : findVoteSlot(approval, actor, snapshot.fallbacks);
  if (!slot) {
    return hasVoted(approval, actor)
      ? reject('NOT_ALLOWED', { cs: 'V tomto kole jste již hlasovali.', en: 'You have already voted in this round.' })
      : reject('NOT_ALLOWED', { cs: `V kroku „${state.label.cs}“ nehlasujete.`, en: `You are not a voter in "${state.label.en}".` });
  }
  if (event.vote === 'reject' && state.approval.commentRequiredOnReject && !event.comment?.trim()) {
    return invalidData([COMMENT_REQUIRED]);
  }
  const work = startWork(snapshot, actor, now);
  if (slot.fallbackFor) work.fallbackFor = slot.fallbackFor;
  work.snapshot.approval = castVote(approval, slot.index, {
    vote: event.vote,
    userId: actor.userId,
    ...(actor.onBehalfOf ? { onBehalfOf: actor.onBehalfOf } : {}),
    ...(slot.fallbackFor ? { fallbackFor: slot.fallbackFor } : {}),
    ...(event.comment ? { comment: event.comment } : {}),
    at: work.nowIso,
  });
  recordHistory(work, { kind: 'vote', from: snapshot.state, to: snapshot.state, vote: event.vote, ...(event.comment ? { comment: event.comment } : {}) });

  const result = approvalResult(work.snapshot.approval);
  if (result !== 'pending') {
    const outcome = result === 'approved' ? state.approval.onApproved : state.approval.onRejected;
    beginEnter(work, compiled, outcome.to);
    const problems = runEffects(work, outcome.effects);
    problems.push(...finishEnter(work, compiled, outcome.to));
    problems.push(...revalidateComputedFields(work, compiled.definition));
    if (problems.length > 0) return invalidData(problems);
    recordHistory(work, { kind: 'approvalResolved', from: snapshot.state, to: outcome.to, vote: result === 'approved' ? 'approve' : 'reject' });
  }
  return ok(outcomeOf(work));
}

/** Reminders and escalations: sent by the scheduler as the system actor when a timer fires. */
function fireTimer(snapshot: WorkflowSnapshot, event: TimerEvent, actor: Actor, now: Date): TransitionResult {
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
  const work = startWork(snapshot, actor, now);
  const snap = work.snapshot;
  if (event.timer === 'remind') {
    const recipients = deadline.remindTo === 'assignees' ? snap.assignees : deadline.remindTo;
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

function routeTarget(t: TransitionDefinition, ctx: LogicContext): string {
  for (const route of t.routes ?? []) if (safeTruthy(route.when, ctx)) return route.to;
  return t.to;
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

