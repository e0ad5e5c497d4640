import type { AreaError } from './area-error';

/**
 * Stable error codes of the designer area (see ../problem.ts), with their HTTP status and English
 * title. Every code needs a sentence in the web app's dictionaries under 'error.<CODE>' (cs and en);
 * the compiler checks it. A code once published is never renamed.
 */
export const DESIGNER_ERRORS = {
  /** Published and retired versions never change: create a new draft instead. */
  AGENDA_VERSION_NOT_DRAFT: { status: 409, title: 'Only a draft version can be changed' },
  /** The agenda already has a draft: edit that one (one draft per agenda at a time). */
  AGENDA_DRAFT_EXISTS: { status: 409, title: 'The agenda already has a draft' },
  /** A migration names a state the target version does not have, or the target is not published. */
  AGENDA_MIGRATION_INVALID: { status: 400, title: 'The migration cannot be carried out' },
} as const satisfies Record<string, AreaError>;
