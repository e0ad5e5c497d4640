import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig, DomainException } from '@agendy/server/core';
import { ACCESS_METADATA, type AccessDeclaration, needsNoSession } from '@agendy/server/authority';
import { RequestWithAuth } from './auth-context';
import type { Response } from 'express';
import { sessionCookieName, setXsrfCookie, XSRF_COOKIE, XSRF_HEADER } from './cookies';
import { DirectorySyncService } from './ldap/directory-sync.service';
import { SessionService } from './session.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Global guard: resolves the session cookie, enforces login on non-public routes and
 * CSRF (double submit, bound to the session once logged in) on every state-changing request.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly directory: DirectorySyncService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RequestWithAuth>();
    // Open routes are those declaring Access.public (or a machine credential the handler checks); everything else needs a session.
    const isPublic = needsNoSession(this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]));

    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    let lookup = await this.sessions.lookup(cookies[sessionCookieName(this.config)]);
    // Directory users removed or disabled in LDAP/AD lose every session here (re-checked every LDAP_RECHECK_SECONDS).
    if (lookup.kind === 'valid') {
      const verdict = await this.directory.checkSession(lookup.user);
      if (verdict !== 'ok') {
        await this.directory.endSessions(lookup.user.id, verdict === 'gone' ? 'removed or disabled in the directory' : 'directory account cannot be verified', verdict === 'gone');
        lookup = { kind: 'none' };
      }
    }
    if (lookup.kind === 'valid') {
      req.auth = { user: lookup.user, session: lookup.session };
      // A browser that lost its XSRF cookie gets the session's token back instead of being locked out.
      if (cookies[XSRF_COOKIE] !== lookup.session.csrfToken) setXsrfCookie(context.switchToHttp().getResponse<Response>(), this.config, lookup.session.csrfToken);
    }

    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers[XSRF_HEADER];
      const sent = Array.isArray(header) ? header[0] : header;
      const expected = req.auth ? req.auth.session.csrfToken : cookies[XSRF_COOKIE];
      if (!sameToken(sent, expected)) throw new DomainException('CSRF_INVALID');
    }

    if (!isPublic && !req.auth) throw new DomainException(lookup.kind === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    return true;
  }
}
