import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { setXsrfCookie, XSRF_COOKIE } from './cookies';
import { randomToken } from './session.service';

/** Gives every browser an XSRF token before its first state-changing request (the login). */
@Injectable()
export class XsrfCookieMiddleware implements NestMiddleware {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    if (!cookies[XSRF_COOKIE]) setXsrfCookie(res, this.config, randomToken(24));
    next();
  }
}
