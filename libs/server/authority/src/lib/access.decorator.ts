import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { ACCESS_EXTENSION, ACCESS_METADATA, type AccessDeclaration, type ObjectDeclaration } from './declaration';
import { OBJECT_RULES, type ActionOf, type ObjectKind } from './rules';
import { CAPABILITY_RULES, type CapabilityName } from './rules/capabilities';
import { ADMIN_AREAS, type AdminArea } from './rules/identity';

type RouteDecorator = MethodDecorator & ClassDecorator;

function declare(d: AccessDeclaration, ...more: Array<MethodDecorator & ClassDecorator>): RouteDecorator {
  return applyDecorators(SetMetadata(ACCESS_METADATA, d), ApiExtension(ACCESS_EXTENSION, d), ...more);
}

/** `'id'` is a path parameter, `'query:user'` a query parameter. */
function paramRef(spec: string): ObjectDeclaration['param'] {
  return spec.startsWith('query:') ? { in: 'query', name: spec.slice('query:'.length) } : { in: 'path', name: spec };
}

/**
 * The access decision of a route (see declaration.ts). Every route of the API declares exactly one,
 * on the handler or its controller class (the handler's wins); the global AccessGuard refuses a
 * route without one (fail closed), and the generated access test fails on it.
 */
export const Access = {
  /** No session needed; `reason` says why the route is open to anyone. */
  public: (reason: string): RouteDecorator => declare({ kind: 'public', reason }),

  /** Any signed-in person; `reason` says whose data it touches (the caller's own, or what every employee reads). */
  signedIn: (reason: string): RouteDecorator => declare({ kind: 'signed-in', reason }),

  /**
   * Granting case access or naming a deputy: decided by separation of duties with the body in hand
   * (identity's SeparationOfDuties), which must see every attempt to audit self-grants.
   */
  bySeparationOfDuties: (reason: string): RouteDecorator => declare({ kind: 'separation-of-duties', reason }),

  /** One of these global roles. */
  roles: (...roles: string[]): RouteDecorator => declare({ kind: 'roles', roles }, ApiForbiddenResponse({ description: `FORBIDDEN unless the caller holds one of: ${roles.join(', ')}` })),

  /** An administrative area: its roles come from rules/identity.ts ADMIN_AREAS. */
  admin: (area: AdminArea): RouteDecorator =>
    declare({ kind: 'roles', roles: [...ADMIN_AREAS[area]], area }, ApiForbiddenResponse({ description: `FORBIDDEN unless the caller holds one of: ${ADMIN_AREAS[area].join(', ')}` })),

  /** A machine credential the handler checks, or a signed-in holder of one of the roles. */
  tokenOrRoles: (reason: string, ...roles: string[]): RouteDecorator => declare({ kind: 'token-or-roles', roles, reason }),

  /** A person-level capability (rules/capabilities.ts). */
  capability: (capability: CapabilityName): RouteDecorator =>
    declare({ kind: 'capability', capability }, ApiForbiddenResponse({ description: `FORBIDDEN unless: ${CAPABILITY_RULES[capability].describe}` })),

  /**
   * The object named by `param` (`'id'`, or `'query:user'` for a query parameter), decided by the
   * kind's rule for `action`. `absentMeansSelf`: a query parameter left out names the caller.
   */
  object: <K extends ObjectKind>(object: K, param: string, action: ActionOf<K>, options: { absentMeansSelf?: boolean } = {}): RouteDecorator => {
    const rule = OBJECT_RULES[object];
    const d: ObjectDeclaration<K> = { kind: 'object', object, param: paramRef(param), action, ...(options.absentMeansSelf ? { absentMeansSelf: true } : {}) };
    return declare(
      d as ObjectDeclaration,
      ApiNotFoundResponse({ description: `NOT_FOUND when the caller may not know the ${object} exists: ${rule.describe}` }),
      ApiForbiddenResponse({ description: `FORBIDDEN when the caller may know the ${object} but not ${(rule.actions as Record<string, string>)[action as string] ?? action}` }),
    );
  },
};
