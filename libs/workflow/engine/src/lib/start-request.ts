import { ok } from '@agendy/shared/util';
import type { AgendaDefinition } from './definition.types';
import type { Actor, DirectoryFacts, FieldError, FormData, RequestContext, WorkflowSnapshot } from './runtime.types';
import { compileDefinition } from './compiled-definition';
import { isFormData, recordHistory, startWork } from './effects';
import { actorMayTake } from './parties';
import { beginEnter, finishEnter } from './state-entry';
import { validateFormData } from './form-validation';
import { logicContext } from './logic-context';
import { invalidData, reject } from './rejections';
import type { TransitionResult } from './transition';

/**
 * Files a new request: the snapshot at version 1 in the initial state, with whatever data the
 * filer already entered (checked like a draft: what is filled in must be valid). Only the fields
 * the filer could enter in the initial state's own steps are accepted: a field meant for a later
 * step (a legal opinion, an approval date, the technician) is refused at filing as it is refused
 * by every other step that does not declare it (issue 19).
 */
export function startRequest(
  definition: AgendaDefinition,
  given: RequestContext,
  actor: Actor,
  now: Date,
  data: FormData = {},
  facts: DirectoryFacts = {},
): TransitionResult {
  const request = withFilerHeadships(given, actor);
  if (request.agendaCode !== definition.code) {
    throw new Error(`Request ${request.id} belongs to agenda ${request.agendaCode}, not ${definition.code}`);
  }
  const compiled = compileDefinition(definition);
  const initial = definition.workflow.initial;
  if (!actorMayTake(definition.workflow.start.who, actor, { request, assignees: [] })) {
    return reject('NOT_ALLOWED', {
      cs: `Žádost „${definition.name.cs}“ nemůžete podat.`,
      en: `You may not file "${definition.name.en}".`,
    });
  }
  if (!isFormData(data)) return invalidData([{ pointer: '', keyword: 'type', message: { cs: 'Data formuláře musí být objekt', en: 'Form data must be an object' } }]);
  const notFileable = notFileableFieldErrors(compiled, actor, request, data);
  if (notFileable.length > 0) return invalidData(notFileable);
  const errors = validateFormData(definition, data, 'partial', logicContext(data, request, initial, actor, now));
  if (errors.length > 0) return invalidData(errors);

  const work = startWork(emptySnapshot(definition, request, data, now), actor, now, facts);
  beginEnter(work, compiled, initial);
  const problems = finishEnter(work, compiled, initial);
  if (problems.length > 0) return invalidData(problems);
  recordHistory(work, { kind: 'created', from: null, to: initial });
  return ok({ snapshot: work.snapshot, effects: work.effects, history: work.history });
}

/**
 * Whether the filer heads departments is a fact of the filing (it decides who their manager is,
 * see `filerManagerParty`): taken from the filing actor unless the service gave it. A deputy
 * filing for someone else carries the principal's headships too, so nothing is inferred then.
 */
function withFilerHeadships(request: RequestContext, actor: Actor): RequestContext {
  if (request.filerManagerOf !== undefined || actor.userId !== request.filerId || actor.onBehalfOf !== undefined) return request;
  if (!actor.managerOf || actor.managerOf.length === 0) return request;
  return { ...request, filerManagerOf: [...actor.managerOf] };
}

/**
 * The fields a filer may set when filing: those editable by a step out of the initial state that
 * this actor may take (the draft's `save` and `submit`). Everything else belongs to later steps.
 */
export function fileableFields(definition: AgendaDefinition, actor: Actor, request: RequestContext): Set<string> {
  const compiled = compileDefinition(definition);
  const initial = definition.workflow.initial;
  const fields = new Set<string>();
  for (const t of definition.workflow.transitions) {
    const from = Array.isArray(t.from) ? t.from : [t.from];
    if (!from.includes(initial) || !actorMayTake(t.who, actor, { request, assignees: [] })) continue;
    for (const f of t.editableFields ?? []) {
      if (f === '*') compiled.fields.forEach((all) => fields.add(all));
      else fields.add(f);
    }
  }
  return fields;
}

function notFileableFieldErrors(compiled: ReturnType<typeof compileDefinition>, actor: Actor, request: RequestContext, data: FormData): FieldError[] {
  const allowed = fileableFields(compiled.definition, actor, request);
  const ui = compiled.definition.form.ui.fields;
  return Object.keys(data)
    .filter((field) => !allowed.has(field))
    .map((field) => ({
      pointer: '/' + field,
      keyword: 'readonly',
      message: compiled.fields.includes(field)
        ? { cs: `„${ui[field]?.label.cs ?? field}“: vyplňuje se až v dalším kroku, ne při podání`, en: `"${ui[field]?.label.en ?? field}": is filled in a later step, not when filing` }
        : { cs: `${field}: formulář takový údaj nezná`, en: `${field}: is not a field of this form` },
    }));
}

/** The snapshot before anything happened (version 0, in the initial state): what filing, and probing a state, start from. */
export function emptySnapshot(definition: AgendaDefinition, request: RequestContext, data: FormData, now: Date): WorkflowSnapshot {
  const nowIso = now.toISOString();
  return {
    definition: { code: definition.code, version: definition.version },
    request,
    state: definition.workflow.initial,
    final: false,
    version: 0,
    data,
    assignees: [],
    approval: null,
    deadlines: [],
    bookings: [],
    documents: {},
    stateEnteredAt: nowIso,
    updatedAt: nowIso,
  };
}
