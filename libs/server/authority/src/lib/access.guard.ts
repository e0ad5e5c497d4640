import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainException } from '@agendy/server/core';
import { ACCESS_METADATA, type AccessDeclaration } from './declaration';
import type { Decision } from './decision';
import { AccessRegistry, type SignedIn } from './registry';

interface GuardedRequest {
  method: string;
  path?: string;
  originalUrl?: string;
  params?: Record<string, string | undefined>;
  query?: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  auth?: SignedIn;
}

/**
 * The global guard that enforces every route's declared access decision. It runs after the session
 * guard (registered after it, so `req.auth` is set on every route that needs a session) and before
 * any body is parsed, so a refused caller learns nothing from validation errors.
 *
 * Fail closed: a route without a declaration is refused (403) and logged — it is a programming
 * error the generated access test also reports.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly registry: AccessRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const declared = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!declared) {
      this.logger.error({ method: req.method, path: req.originalUrl ?? req.path, handler: `${context.getClass().name}.${context.getHandler().name}` }, 'Route without an access declaration refused');
      throw new DomainException('FORBIDDEN', 'This route declares no access decision');
    }
    switch (declared.kind) {
      case 'public':
        return true;
      case 'token-or-roles': {
        // A Bearer credential is the handler's to check; without one, the caller must be signed in with a role.
        const header = req.headers['authorization'];
        if (typeof header === 'string' && header.startsWith('Bearer ')) return true;
        return this.requireRoles(req, declared.roles);
      }
      case 'signed-in':
      case 'separation-of-duties':
        this.signedIn(req);
        return true;
      case 'roles':
        return this.requireRoles(req, declared.roles);
      case 'capability': {
        const subject = await this.registry.subject(this.signedIn(req));
        if (!(await this.registry.holds(declared.capability, subject))) throw new DomainException('FORBIDDEN');
        return true;
      }
      case 'object': {
        const who = this.signedIn(req);
        const subject = await this.registry.subject(who);
        const raw = declared.param.in === 'path' ? req.params?.[declared.param.name] : req.query?.[declared.param.name];
        let id: string;
        if (raw === undefined && declared.absentMeansSelf) id = subject.userId;
        else if (typeof raw === 'string') id = wellFormedCase(raw);
        else throw new DomainException('NOT_FOUND');
        const params = Object.fromEntries(Object.entries(req.params ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
        return refuseUnlessAllowed(await this.registry.decideObject(declared.object, declared.action, subject, id, params));
      }
    }
  }

  private signedIn(req: GuardedRequest): SignedIn {
    // The session guard refused anonymous callers already; this is the second lock on the door.
    if (!req.auth) throw new DomainException('UNAUTHENTICATED');
    return req.auth;
  }

  private requireRoles(req: GuardedRequest, roles: readonly string[]): boolean {
    const who = this.signedIn(req);
    if (!roles.some((r) => who.user.roles.includes(r))) throw new DomainException('FORBIDDEN');
    return true;
  }
}

/** UUIDs are compared lower-cased everywhere (idParam does the same). */
function wellFormedCase(raw: string): string {
  return /^[0-9a-f-]{36}$/i.test(raw) ? raw.toLowerCase() : raw;
}

export function refuseUnlessAllowed(decision: Decision): true {
  if (decision === 'hide') throw new DomainException('NOT_FOUND');
  if (decision === 'forbid') throw new DomainException('FORBIDDEN');
  return true;
}
