import type { AreaError } from './area-error';

/**
 * Stable error codes of the documents area (see ../problem.ts), with their HTTP status and English
 * title. Every code needs a sentence in the web app's dictionaries under 'error.<CODE>' (cs and en);
 * the compiler checks it. A code once published is never renamed.
 */
export const DOCUMENTS_ERRORS = {} as const satisfies Record<string, AreaError>;
