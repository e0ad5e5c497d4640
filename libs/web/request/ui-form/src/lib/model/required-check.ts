import type { AgendaFormSpec, FormFieldError, FormValue } from './form-spec';
import { buildFormModel, type FormModel } from './field-model';
import { fieldPointer } from './data-pointer';

const models = new WeakMap<AgendaFormSpec, FormModel>();

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * A fallback check of required fields (also the conditionally required ones and the required
 * columns of each row), worded like the engine's messages. For browsers where the engine's Ajv
 * cannot compile its schema (a Content-Security-Policy without `unsafe-eval`); the server still
 * validates everything on submit.
 */
export function requiredFieldErrors(spec: AgendaFormSpec, value: FormValue): FormFieldError[] {
  let model = models.get(spec);
  if (!model) models.set(spec, (model = buildFormModel(spec)));
  const required = new Set<string>();
  for (const field of model.fields.values()) if (field.required) required.add(field.name);
  for (const rule of model.conditionalRequired) if (rule.when(value)) rule.fields.forEach((name) => required.add(name));

  const errors: FormFieldError[] = [];
  for (const field of model.fields.values()) {
    if (field.definitionReadonly) continue;
    const label = field.label;
    if (required.has(field.name) && isEmpty(value[field.name])) {
      errors.push({
        pointer: fieldPointer(field.name),
        keyword: 'required',
        message: { cs: `„${label.cs}“: je povinný údaj`, en: `"${label.en}": is required` },
      });
    }
    const rows = value[field.name];
    if (field.kind !== 'table' || !Array.isArray(rows)) continue;
    rows.forEach((row: unknown, index) => {
      for (const column of field.columns) {
        if (!column.required || !isEmpty((row as Record<string, unknown> | null)?.[column.name])) continue;
        errors.push({
          pointer: fieldPointer(field.name, index, column.name),
          keyword: 'required',
          message: {
            cs: `„${label.cs}“, řádek ${index + 1}, „${column.label.cs}“: je povinný údaj`,
            en: `"${label.en}", row ${index + 1}, "${column.label.en}": is required`,
          },
        });
      }
    });
  }
  return errors;
}
