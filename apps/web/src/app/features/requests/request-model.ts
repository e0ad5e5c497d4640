import type { AgendaDetail, FieldError, RequestAction, RequestDetail } from '@agendy/shared/contracts';
import { sameJson } from '@agendy/shared/util';
import type { FormFieldError, FormValue } from '@agendy/web/request/ui-form';
import { toProblem } from '../../core/http/problem';

/** The step that edits data without moving the request (the agenda's "save"): a self-loop. */
export function saveStep(request: RequestDetail): RequestAction | null {
  return (
    request.availableTransitions.find(
      (a) => a.kind === 'transition' && a.to === request.state.id && a.enabled && a.editableFields.length > 0,
    ) ?? null
  );
}

/** The buttons: every available step except the self-loop save (autosave does that). */
export function stepActions(request: RequestDetail): RequestAction[] {
  const save = saveStep(request);
  return request.availableTransitions.filter((a) => a !== save);
}

/** Fields editable now: the save step's, else the union of the steps' (sent along with the step). */
export function editableFieldsOf(request: RequestDetail): string[] {
  const save = saveStep(request);
  if (save) return [...save.editableFields];
  const fields = new Set<string>();
  for (const action of request.availableTransitions) action.editableFields.forEach((f) => fields.add(f));
  return [...fields];
}

/** The filing step of a request in its initial state (`submit`): primary style, else by name. */
export function submitAction(request: RequestDetail): RequestAction | null {
  const steps = stepActions(request).filter((a) => a.kind === 'transition');
  return steps.find((a) => a.style === 'primary') ?? steps.find((a) => a.name === 'submit') ?? null;
}

/** The same for an agenda before any draft exists. */
export function submitTransitionOf(agenda: AgendaDetail): AgendaDetail['transitions'][number] | null {
  const fromInitial = agenda.transitions.filter((t) => t.from.includes(agenda.initialState));
  return fromInitial.find((t) => t.style === 'primary') ?? fromInitial.find((t) => t.name === 'submit') ?? null;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The filled-in fields only, for creating a draft. */
/**
 * The form shows a picked file at once under a placeholder id (`local-…`) until its upload is
 * stored; placeholders are never sent — the server accepts only uploads of the request itself.
 */
function isPendingFile(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { fileId?: unknown }).fileId === 'string' && (v as { fileId: string }).fileId.startsWith('local-');
}

export function hasPendingFiles(value: unknown): boolean {
  if (isPendingFile(value)) return true;
  if (Array.isArray(value)) return value.some(hasPendingFiles);
  return typeof value === 'object' && value !== null && Object.values(value).some(hasPendingFiles);
}

export function withoutPendingFiles(value: FormValue): FormValue {
  const pending = isPendingFile;
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((item) => !pending(item)).map(clean);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, item]) => !pending(item)).map(([k, item]) => [k, clean(item)]));
    }
    return v;
  };
  return clean(value) as FormValue;
}

export function filledData(value: FormValue, allowed?: readonly string[]): FormValue {
  const data: FormValue = {};
  for (const [key, v] of Object.entries(value)) {
    if (isEmpty(v)) continue;
    if (allowed && !allowed.includes('*') && !allowed.includes(key)) continue;
    data[key] = v;
  }
  return data;
}

/**
 * What changed between the saved data and the form: changed values, `null` for removed ones (the
 * API's way to delete a field), limited to the fields the step may change.
 */
export function dataDiff(saved: FormValue, current: FormValue, allowed: readonly string[]): FormValue {
  const all = allowed.includes('*');
  const diff: FormValue = {};
  for (const key of new Set([...Object.keys(saved), ...Object.keys(current)])) {
    if (!all && !allowed.includes(key)) continue;
    const before = isEmpty(saved[key]) ? null : saved[key];
    const after = isEmpty(current[key]) ? null : current[key];
    // jsonb hands objects back in its own key order: compare structure, not text.
    if (!sameJson(before, after)) diff[key] = after;
  }
  return diff;
}

/** The server's field errors (VALIDATION_FAILED) for the form; empty for any other problem. */
export function serverFieldErrors(error: unknown): FormFieldError[] {
  const problem = toProblem(error);
  if (problem.code !== 'VALIDATION_FAILED') return [];
  return (problem.errors ?? [])
    .filter((e: FieldError) => e.pointer && e.pointer !== '/')
    .map((e: FieldError) => ({ pointer: dataPointer(e.pointer), message: e.message, keyword: e.rule }));
}

/** Errors about a request body point at `/data/...`; the form's pointers are into the data itself. */
function dataPointer(pointer: string): string {
  return pointer.startsWith('/data/') ? pointer.slice('/data'.length) : pointer;
}

export function isStale(error: unknown): boolean {
  return toProblem(error).code === 'STALE';
}
