import type { LocalizedText } from '@agendy/shared/util';

export type DefinitionErrorCode =
  | 'SCHEMA'
  | 'INVALID_FORM_SCHEMA'
  | 'DUPLICATE_NAME'
  | 'UNKNOWN_STATE'
  | 'UNREACHABLE_STATE'
  | 'DEAD_END'
  | 'FINAL_STATE_HAS_EXIT'
  | 'NOBODY_CAN_TAKE'
  | 'UNDECLARED_ROLE'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_VARIABLE'
  | 'UNKNOWN_OPERATOR'
  | 'MISSING_LABEL'
  | 'UNPLACED_FIELD'
  | 'UNKNOWN_DOCUMENT'
  | 'INVALID_APPROVAL'
  | 'INVALID_DEADLINE'
  | 'INVALID_SIGNERS'
  | 'FIELD_NEVER_EDITABLE'
  | 'CONDITION_ON_EMPTY_FIELD'
  | 'MISSING_OPTION'
  | 'UNKNOWN_OPTION'
  | 'INVALID_ROUTE'
  | 'INVALID_PARTY'
  | 'INVALID_EFFECT';

/**
 * A problem in a definition, located by a JSON pointer into the definition document. The same
 * shape as every other validation error of the API (`pointer`, `rule`, `message`): the designer's
 * validate, save and import answer with it alike (issue 20).
 */
export interface DefinitionError {
  pointer: string;
  rule: DefinitionErrorCode;
  message: LocalizedText;
}

export function definitionError(pointer: string, rule: DefinitionErrorCode, cs: string, en: string): DefinitionError {
  return { pointer, rule, message: { cs, en } };
}
