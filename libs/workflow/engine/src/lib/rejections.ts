import type { Err } from '@agendy/shared/util';
import { err } from '@agendy/shared/util';
import type { LocalizedText } from '@agendy/shared/util';
import type { FieldError, Rejection, RejectionCode } from './runtime.types';

export function reject(code: RejectionCode, message: LocalizedText, fieldErrors?: FieldError[]): Err<Rejection> {
  return err(fieldErrors ? { code, message, fieldErrors } : { code, message });
}

export const INVALID_DATA_MESSAGE: LocalizedText = {
  cs: 'Formulář obsahuje chyby, opravte je prosím.',
  en: 'The form contains errors, please correct them.',
};

export function invalidData(fieldErrors: FieldError[]): Err<Rejection> {
  return reject('INVALID_DATA', INVALID_DATA_MESSAGE, fieldErrors);
}

export const COMMENT_REQUIRED: FieldError = {
  pointer: '/$comment',
  keyword: 'commentRequired',
  message: { cs: 'Komentář: v tomto kroku je povinný', en: 'Comment: required in this step' },
};
