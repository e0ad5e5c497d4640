import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionEntity, UserEntity } from '@agendy/server/db';

export interface AuthContext {
  user: UserEntity;
  session: SessionEntity;
}

export type RequestWithAuth = Request & { auth?: AuthContext };

export const PUBLIC_ROUTE = 'agendy:public-route';

/** Opens a route to anonymous callers; everything else requires a valid session. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Injects the signed-in user's context; the session guard guarantees it on non-public routes. */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<RequestWithAuth>();
  if (!req.auth) throw new Error('Auth context missing on a protected route');
  return req.auth;
});
