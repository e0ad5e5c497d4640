import type { AreaError } from './area-error';

/**
 * Stable error codes of the registers area (see ../problem.ts), with their HTTP status and English
 * title. Every code needs a sentence in the web app's dictionaries under 'error.<CODE>' (cs and en);
 * the compiler checks it. A code once published is never renamed.
 */
export const REGISTERS_ERRORS = {
  /** The caller is not among the people who must acknowledge the regulation. */
  REGULATION_ACK_NOT_REQUIRED: { status: 409, title: 'You are not asked to acknowledge this regulation' },
  /** The contract needs no publication, is not signed yet, or is already published. */
  CONTRACT_NOT_PUBLISHABLE: { status: 409, title: 'The contract cannot be recorded as published' },
  /** The material is not waiting to be scheduled (or is on another session already). */
  COUNCIL_MATERIAL_NOT_READY: { status: 409, title: 'The material cannot be put on this session' },
  /** The new order must list exactly the session's materials, each once. */
  COUNCIL_ORDER_INVALID: { status: 422, title: 'The order must list every material of the session once' },
  /** A dashboard period must be from <= to and at most 3 years long. */
  DASHBOARD_PERIOD_INVALID: { status: 400, title: 'The period is invalid' },
} as const satisfies Record<string, AreaError>;
