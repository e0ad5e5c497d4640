export { AgendaForm } from './lib/agenda-form/agenda-form';
export type {
  AgendaFormSpec,
  AttachmentRef,
  AttachmentSelection,
  ColumnUiSpec,
  FieldUiSpec,
  FormFieldError,
  FormLang,
  FormValidator,
  FormValidity,
  FormValue,
  SectionUiSpec,
} from './lib/model/form-spec';
export { ALL_FIELDS } from './lib/model/form-spec';
export { FORM_LABELS, type FormLabels, type FormLabelKey } from './lib/model/form-labels';
export { parseNumberText, formatNumberText, formatCzkText } from './lib/model/number-text';
export { requiredFieldErrors } from './lib/model/required-check';
