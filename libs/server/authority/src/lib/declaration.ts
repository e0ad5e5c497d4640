import type { CapabilityName } from './rules/capabilities';
import type { ActionOf, ObjectKind } from './rules';

/**
 * The access decision every route declares (ADR 0004). It is recorded as route metadata, enforced
 * by the global AccessGuard and published in the OpenAPI document as `x-agendy-access`, where the
 * generated access test (apps/system-tests/src/security/access-matrix.security-spec.ts) reads it.
 *
 * - `public`: no session needed (the reason says why).
 * - `signed-in`: any signed-in person; the handler touches only the caller's own data, or data every
 *   employee may read (the reason says which).
 * - `separation-of-duties`: granting case access or naming deputies — who may is decided with the
 *   body in hand by identity's SeparationOfDuties (self-grants refused and audited as
 *   SELF_GRANT_FORBIDDEN, whoever tries), so the guard lets every signed-in person reach it.
 * - `roles`: one of these global roles (403 otherwise).
 * - `token-or-roles`: a machine credential checked by the handler (Bearer token), or a signed-in
 *   holder of one of the roles.
 * - `capability`: a person-level capability decided by rules/capabilities.ts over facts the owning
 *   area loads (403 otherwise).
 * - `object`: the object named by a path (or query) parameter, decided by rules/<kind> over facts
 *   the owning area loads: 404 when the rule hides it, 403 when it forbids.
 */
export type AccessDeclaration =
  | { kind: 'public'; reason: string }
  | { kind: 'signed-in'; reason: string }
  | { kind: 'separation-of-duties'; reason: string }
  | { kind: 'roles'; roles: readonly string[]; area?: string }
  | { kind: 'token-or-roles'; roles: readonly string[]; reason: string }
  | { kind: 'capability'; capability: CapabilityName }
  | ObjectDeclaration;

export interface ObjectDeclaration<K extends ObjectKind = ObjectKind> {
  kind: 'object';
  object: K;
  /** Where the object's id comes from. */
  param: { in: 'path' | 'query'; name: string };
  /** A query parameter left out names the caller themselves (`?user=` of attendance). */
  absentMeansSelf?: boolean;
  action: ActionOf<K>;
}

export const ACCESS_METADATA = 'agendy:access';
export const ACCESS_EXTENSION = 'x-agendy-access';

/**
 * Routes the session guard lets through without a session: public ones, and those whose machine
 * credential the handler checks (the access guard still asks a signed-in caller for the roles).
 */
export function needsNoSession(d: AccessDeclaration | undefined): boolean {
  return d?.kind === 'public' || d?.kind === 'token-or-roles';
}
