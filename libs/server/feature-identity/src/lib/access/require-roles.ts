import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { DomainException } from '@agendy/server/core';
import type { Role } from '@agendy/shared/contracts';
import type { RequestWithAuth } from '../auth-context';
import { ADMIN_AREAS, AdminArea } from '../policy/policy';

export const REQUIRED_ROLES = 'agendy:required-roles';

/**
 * Runs after the global session guard (controller guards always do), so `req.auth` is set and
 * roles are as fresh as the directory re-check made them. Refuses before any body is parsed.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles || roles.length === 0) return true;
    const req = context.switchToHttp().getRequest<RequestWithAuth>();
    if (!req.auth) throw new DomainException('UNAUTHENTICATED');
    if (!roles.some((r) => req.auth?.user.roles.includes(r))) throw new DomainException('FORBIDDEN');
    return true;
  }
}

/** The route needs at least one of these roles (403 FORBIDDEN otherwise). */
export const RequireRoles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), UseGuards(RolesGuard), ApiForbiddenResponse({ description: `FORBIDDEN unless the user holds one of: ${roles.join(', ')}` }));

/** The route belongs to an administrative area; the roles come from policy.ts ADMIN_AREAS. */
export const RequireAdmin = (area: AdminArea): MethodDecorator & ClassDecorator => RequireRoles(...ADMIN_AREAS[area]);
