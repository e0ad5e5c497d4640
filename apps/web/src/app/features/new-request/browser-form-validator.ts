import type { AgendaDefinition } from '@agendy/workflow/engine';
import { validateForm } from '@agendy/workflow/engine';
import { requiredFieldErrors, type FormValidator } from '@agendy/web/request/ui-form';

/**
 * Client-side validation of an agenda's form with the engine's `validateForm` — the same Ajv schema
 * and messages as the server. Ajv compiles schemas with `new Function`, which the app's strict
 * Content-Security-Policy (`script-src 'self'`, no `unsafe-eval`) forbids; in that case the check
 * falls back to required fields only, and the server still validates everything on submit.
 */
export function browserFormValidator(
  definition: AgendaDefinition,
  now: () => Date = () => new Date(),
  canCompile: () => boolean = codeGenerationAllowed,
): FormValidator {
  let engineAvailable = canCompile();
  return (value) => {
    if (engineAvailable) {
      try {
        return validateForm(definition, value, now(), 'full');
      } catch (error) {
        engineAvailable = false;
        console.warn('Agenda form: the engine cannot validate in this browser, checking required fields only.', error);
      }
    }
    return requiredFieldErrors(definition.form, value);
  };
}

/** Whether the page may turn strings into code (Ajv's compiler needs it); asked once, quietly. */
function codeGenerationAllowed(): boolean {
  try {
    return new Function('return true')() === true;
  } catch {
    return false;
  }
}
