import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionEntity, UserEntity } from '@agendy/server/db';

export interface AuthContext {
  user: UserEntity;
  session: SessionEntity;
}

export type RequestWithAuth = Request & { auth?: AuthContext };

/** Injects the signed-in user's context; the session guard guarantees it on non-public routes. */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<RequestWithAuth>();
  if (!req.auth) throw new Error('Auth context missing on a protected route');
  return req.auth;
});
