import type { ErrorObject } from 'ajv';
import { parseJsonPointer } from '@agendy/shared/util';
import type { AgendaDefinition, FormDefinition } from './definition.types';
import type { FieldError, FormData } from './runtime.types';
import { compileDefinition } from './compiled-definition';
import { describeField, fieldMessage, keywordMessage } from './form-messages';
import { isLogicTrue } from './json-logic';

/**
 * `full`: everything the form demands, including cross-field rules (submitting).
 * `partial`: only what was filled in must be right (saving a draft): required fields,
 * minimum item counts and rules are not checked.
 */
export type ValidationMode = 'full' | 'partial';

const SKIPPED_IN_PARTIAL = new Set(['required', 'dependentRequired', 'minItems', 'if', 'then', 'else']);
// `if` errors only say "must match then"; the errors of the branch itself are reported too.
const NOISE = new Set(['if']);

/** Validates form data against the agenda's form and returns every error, never just the first. */
export function validateFormData(
  definition: AgendaDefinition,
  data: FormData,
  mode: ValidationMode = 'full',
  context: object = { data },
  requiredNow: readonly string[] = [],
): FieldError[] {
  const { validateData } = compileDefinition(definition);
  // Fields a step demands come first, so that rules about them are not reported twice.
  const errors: FieldError[] = missingRequiredFields(definition, data, requiredNow);
  if (!validateData(data)) {
    for (const error of validateData.errors ?? []) {
      if (NOISE.has(error.keyword)) continue;
      if (mode === 'partial' && SKIPPED_IN_PARTIAL.has(error.keyword)) continue;
      const fieldError = toFieldError(definition.form, error);
      if (!errors.some((e) => e.pointer === fieldError.pointer && e.keyword === fieldError.keyword)) errors.push(fieldError);
    }
  }
  if (mode === 'full') {
    // A rule about a field that is already wrong (e.g. missing) would only repeat the problem.
    const wrong = (pointer: string) => errors.some((e) => e.pointer === pointer || e.pointer.startsWith(pointer + '/'));
    errors.push(...ruleErrors(definition.form, context).filter((e) => !wrong(e.pointer)));
  }
  return errors;
}

function toFieldError(form: FormDefinition, error: ErrorObject): FieldError {
  const p = error.params as Record<string, unknown>;
  let pointer = error.instancePath;
  if (error.keyword === 'required' || error.keyword === 'dependentRequired') pointer += '/' + String(p['missingProperty']);
  if (error.keyword === 'additionalProperties') pointer += '/' + String(p['additionalProperty']);
  if (error.keyword === 'unevaluatedProperties') pointer += '/' + String(p['unevaluatedProperty']);
  return {
    pointer,
    keyword: error.keyword,
    message: fieldMessage(describeField(form.ui, parseJsonPointer(pointer)), keywordMessage(error)),
    params: p,
  };
}

function ruleErrors(form: FormDefinition, context: object): FieldError[] {
  const errors: FieldError[] = [];
  for (const rule of form.rules ?? []) {
    let holds: boolean;
    try {
      holds = isLogicTrue(rule.assert, context);
    } catch {
      holds = false; // a rule that cannot be evaluated on this data does not hold
    }
    if (!holds) {
      errors.push({
        pointer: rule.field,
        keyword: 'rule',
        message: fieldMessage(describeField(form.ui, parseJsonPointer(rule.field)), rule.message),
        params: { rule: rule.id },
      });
    }
  }
  return errors;
}

/** Fields a transition demands after it: present and not an empty string or empty list. */
export function missingRequiredFields(definition: AgendaDefinition, data: FormData, fields: readonly string[]): FieldError[] {
  return fields
    .filter((f) => isEmptyValue(data[f]))
    .map((f) => ({
      pointer: '/' + f,
      keyword: 'required',
      message: fieldMessage(describeField(definition.form.ui, [f]), { cs: 'je v tomto kroku povinný údaj', en: 'is required in this step' }),
    }));
}

export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
