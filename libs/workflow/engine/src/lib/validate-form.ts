import { toPragueDate } from '@agendy/shared/util';
import type { AgendaDefinition } from './definition.types';
import type { FieldError, FormData } from './runtime.types';
import { validateFormData, type ValidationMode } from './form-validation';

/**
 * Validates form data outside a transition: the API's "check my draft" call and the web's
 * submit button use the same schema and messages as the engine itself. `now` feeds rules
 * that compare dates with today.
 */
export function validateForm(definition: AgendaDefinition, data: FormData, now: Date, mode: ValidationMode = 'full'): FieldError[] {
  return validateFormData(definition, data, mode, { data, now: now.toISOString(), today: toPragueDate(now) });
}
