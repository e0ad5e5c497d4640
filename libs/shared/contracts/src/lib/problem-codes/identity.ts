import type { AreaError } from './area-error';

/**
 * Stable error codes of the identity and access area (see ../problem.ts), with their HTTP status
 * and English title. Every code needs a sentence in the web app's dictionaries under 'error.<CODE>'
 * (cs and en); the compiler checks it. A code once published is never renamed.
 */
export const IDENTITY_ERRORS = {
  /**
   * Separation of duties (ADR 0004): an agenda grant, role mapping or substitution would name the
   * acting person or give them a new role, grant or capacity (a grant to a role or group they are
   * in, a mapping of a group they belong to, naming themselves someone's deputy). Audited.
   */
  SELF_GRANT_FORBIDDEN: { status: 403, title: 'Nobody may grant themselves access' },
} as const satisfies Record<string, AreaError>;
