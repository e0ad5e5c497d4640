import { assertNever, isPlainObject } from '@agendy/shared/util';
import type { EffectDefinition } from './definition.types';
import type { Actor, ApprovalProgress, BookingRecord, DirectoryFacts, Effect, FieldError, FormData, HistoryEntry, Party, ResolvedSigner, WorkflowSnapshot } from './runtime.types';
import { resolveParties, type PartyContext } from './parties';
import { evaluateLogic, isLogicTrue } from './json-logic';
import { logicContext, type ApprovalTally, type LogicContext } from './logic-context';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EffectPayload = DistributiveOmit<Effect, 'id' | 'requestId'>;

/**
 * The working copy of one event's processing: a fresh snapshot object (the input is never
 * mutated) plus the effects and history entries produced so far.
 */
export interface Work {
  snapshot: WorkflowSnapshot;
  effects: Effect[];
  history: HistoryEntry[];
  actor: Actor;
  now: Date;
  nowIso: string;
  /** The state the event found the request in: conditions of effects are read against it. */
  fromState: string;
  fieldsSet: boolean;
  /** The vacant party the actor acts for as its fallback, for the history. */
  fallbackFor?: Party;
  /** What the engine was told about the directory (members of groups). */
  facts: DirectoryFacts;
  /** The approval being voted on or decided by this event: `voters` and the `approval` variable read it. */
  votingOn?: { progress: ApprovalProgress; tally: ApprovalTally };
}

export function startWork(previous: WorkflowSnapshot, actor: Actor, now: Date, facts: DirectoryFacts = {}): Work {
  const nowIso = now.toISOString();
  return {
    snapshot: { ...previous, version: previous.version + 1, updatedAt: nowIso },
    effects: [],
    history: [],
    actor,
    now,
    nowIso,
    fromState: previous.state,
    fieldsSet: false,
    facts,
  };
}

/** What the conditions of this event's effects and routes read: the data now, the state the event found. */
export function workLogicContext(work: Work): LogicContext {
  const snap = work.snapshot;
  return logicContext(snap.data, snap.request, work.fromState, work.actor, work.now, work.votingOn?.tally ?? null);
}

export function emit(work: Work, payload: EffectPayload): void {
  const { request, version } = work.snapshot;
  work.effects.push({ id: `${request.id}/${version}/${work.effects.length}`, requestId: request.id, ...payload } as Effect);
}

export function recordHistory(work: Work, entry: Omit<HistoryEntry, 'id' | 'requestId' | 'version' | 'at' | 'actor'>): void {
  const { request, version } = work.snapshot;
  const actor: HistoryEntry['actor'] = { userId: work.actor.userId };
  if (work.actor.onBehalfOf) actor.onBehalfOf = work.actor.onBehalfOf;
  if (work.fallbackFor) actor.fallbackFor = work.fallbackFor;
  work.history.push({ id: `${request.id}/${version}/h${work.history.length}`, requestId: request.id, version, at: work.nowIso, actor, ...entry });
}

export function partyContext(work: Work): PartyContext {
  return {
    request: work.snapshot.request,
    data: work.snapshot.data,
    actor: work.actor,
    assignees: work.snapshot.assignees,
    ...(work.facts.groupMembers ? { groupMembers: work.facts.groupMembers } : {}),
    approval: work.votingOn?.progress ?? work.snapshot.approval,
  };
}

/** Resolves and applies effect definitions in order; returns data problems that block the step. */
export function runEffects(work: Work, definitions: readonly EffectDefinition[] | undefined): FieldError[] {
  const problems: FieldError[] = [];
  for (const def of definitions ?? []) {
    if (def.when !== undefined && !conditionHolds(work, def.when)) continue;
    problems.push(...runEffect(work, def));
  }
  return problems;
}

function conditionHolds(work: Work, condition: unknown): boolean {
  try {
    return isLogicTrue(condition, workLogicContext(work));
  } catch {
    return false;
  }
}

function runEffect(work: Work, def: EffectDefinition): FieldError[] {
  const snap = work.snapshot;
  switch (def.type) {
    case 'assign': {
      snap.assignees = resolveParties(def.to, partyContext(work));
      emit(work, { type: 'assign', assignees: snap.assignees });
      return [];
    }
    case 'notify': {
      const recipients = resolveParties(def.to, partyContext(work));
      if (recipients.length > 0) emit(work, { type: 'notify', recipients, message: def.message, ...(def.template ? { template: def.template } : {}) });
      return [];
    }
    case 'generateDocument': {
      const documentKey = `${snap.request.id}/${def.template}@${snap.version}`;
      snap.documents = { ...snap.documents, [def.template]: documentKey };
      emit(work, { type: 'generateDocument', template: def.template, documentKey });
      return [];
    }
    case 'requestSignatures': {
      const ctx = partyContext(work);
      const signers: ResolvedSigner[] = [];
      for (const s of [...def.signers].sort((a, b) => a.order - b.order)) {
        if (!s.who) signers.push({ order: s.order, level: s.level });
        else for (const party of resolveParties([s.who], ctx)) signers.push({ order: s.order, level: s.level, party });
      }
      emit(work, { type: 'requestSignatures', document: def.document, documentKey: documentKeyOf(snap, def.document), signers });
      snap.awaitingSignatures = [...new Set([...(snap.awaitingSignatures ?? []), def.document])];
      return [];
    }
    case 'publishToRegister': {
      const data = def.fields ? pick(snap.data, def.fields) : snap.data;
      emit(work, {
        type: 'publishToRegister',
        register: def.register,
        data,
        ...(def.document ? { document: def.document, documentKey: documentKeyOf(snap, def.document) } : {}),
      });
      return [];
    }
    case 'createBooking':
      return createBooking(work, def);
    case 'cancelBooking': {
      for (const booking of snap.bookings.filter((b) => b.resourceType === def.resourceType)) emit(work, { type: 'cancelBooking', booking });
      snap.bookings = snap.bookings.filter((b) => b.resourceType !== def.resourceType);
      return [];
    }
    case 'setField': {
      const value = evaluateLogic(def.value, workLogicContext(work));
      snap.data = { ...snap.data, [def.field]: value };
      work.fieldsSet = true;
      emit(work, { type: 'setField', field: def.field, value });
      return [];
    }
    default:
      return assertNever(def, 'effect');
  }
}

function createBooking(work: Work, def: Extract<EffectDefinition, { type: 'createBooking' }>): FieldError[] {
  const snap = work.snapshot;
  const resourceId = snap.data[def.resourceField];
  const start = snap.data[def.startField];
  const end = snap.data[def.endField];
  const problems: FieldError[] = [];
  for (const [field, value] of [[def.resourceField, resourceId], [def.startField, start], [def.endField, end]] as const) {
    if (typeof value !== 'string' || value === '') {
      problems.push({
        pointer: '/' + field,
        keyword: 'required',
        message: { cs: `Pro rezervaci chybí údaj „${field}“`, en: `The booking needs "${field}"` },
      });
    }
  }
  if (problems.length > 0) return problems;
  const booking: BookingRecord = {
    bookingKey: `${snap.request.id}/${def.resourceType}`,
    resourceType: def.resourceType,
    resourceId: resourceId as string,
    start: start as string,
    end: end as string,
  };
  // Re-booking (e.g. after the time changed) replaces the previous booking of the same kind.
  for (const old of snap.bookings.filter((b) => b.bookingKey === booking.bookingKey)) emit(work, { type: 'cancelBooking', booking: old });
  snap.bookings = [...snap.bookings.filter((b) => b.bookingKey !== booking.bookingKey), booking];
  emit(work, { type: 'createBooking', booking });
  return [];
}

function documentKeyOf(snap: WorkflowSnapshot, template: string): string {
  return snap.documents[template] ?? `${snap.request.id}/${template}`;
}

function pick(data: FormData, fields: readonly string[]): FormData {
  const out: FormData = {};
  for (const f of fields) if (data[f] !== undefined) out[f] = data[f];
  return out;
}

/** Top-level merge of a data patch; `null` removes a field. */
export function applyPatch(data: FormData, patch: FormData): FormData {
  const merged: FormData = { ...data };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function isFormData(value: unknown): value is FormData {
  return isPlainObject(value);
}
