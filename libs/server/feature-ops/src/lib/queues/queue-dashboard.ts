import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, AppConfig, DomainException, toProblem } from '@agendy/server/core';
import { sessionCookieName, SessionService } from '@agendy/server/feature-identity';
import { JobProducer, QUEUES } from '@agendy/server/queue';
import { PROBLEM_CONTENT_TYPE } from '@agendy/shared/contracts';

export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';

function refuse(res: Response, req: Request, e: DomainException): void {
  const { problem } = toProblem(e, undefined, req.originalUrl.split('?')[0]);
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * A same-origin request: the dashboard's own buttons (retry, clean, promote) are plain fetches
 * without our XSRF header, so writes must come from a page of this origin.
 */
function sameOrigin(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site) return site === 'same-origin';
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * bull-board at /api/admin/queues, for system administrators only. It is plain Express (not a
 * Nest controller), so the session is checked here, the same way the global guard does it.
 * It is mounted before Nest's routes and so stays out of the OpenAPI document.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  const sessions = app.get(SessionService);
  const producer = app.get(JobProducer);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: QUEUES.map((q) => new BullMQAdapter(producer.queue(q))), serverAdapter, options: { uiConfig: { boardTitle: 'Agendy – fronty' } } });

  const guard = (req: Request, res: Response, next: NextFunction): void => {
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    sessions.lookup(cookies[sessionCookieName(config)]).then(
      (lookup) => {
        if (lookup.kind !== 'valid') return refuse(res, req, new DomainException(lookup.kind === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED'));
        if (!lookup.user.roles.includes('system-admin')) return refuse(res, req, new DomainException('FORBIDDEN', 'Only system administrators see the queues'));
        if (!['GET', 'HEAD'].includes(req.method) && !sameOrigin(req)) return refuse(res, req, new DomainException('CSRF_INVALID'));
        res.setHeader('Cache-Control', 'no-store');
        next();
      },
      () => refuse(res, req, new DomainException('SERVICE_UNAVAILABLE')),
    );
  };
  app.use(QUEUE_DASHBOARD_PATH, guard, serverAdapter.getRouter());
}
