import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, mergeAll, Observable, of, throwError } from 'rxjs';
import { DomainException } from '@agendy/server/core';
import { replayAnswer } from './answer-capture';
import { parseIdempotencyKey, requestFingerprint } from './idempotency-key';
import { IDEMPOTENCY_POLICY } from './idempotency-policy';
import { honoursIdempotencyKey, keepsAnswer } from './idempotency-routes';
import { IdempotencyStore } from './idempotency.store';
import { KeyAttempt } from './key-attempt';

/** The session guard puts the signed-in user here (feature-identity's RequestWithAuth). */
type AuthedRequest = Request & { auth?: { user: { id: string } } };

/**
 * Idempotency-Key on every POST/PATCH of /api/v1 (see idempotency-routes.ts): the first attempt
 * runs and its answer is kept; a retry with the same key and request gets that answer again, a
 * different request under the same key 422, a retry while the first still runs 409 + Retry-After.
 * Runs after the guards: the key is scoped to the signed-in user, and CSRF/session refusals are
 * never kept. Requests without the header run as before.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    if (!honoursIdempotencyKey(req.method, req.path)) return next.handle();
    const parsed = parseIdempotencyKey(req.headers['idempotency-key']);
    if (parsed.kind === 'absent') return next.handle();
    if (parsed.kind === 'invalid') return throwError(() => new DomainException('IDEMPOTENCY_KEY_INVALID', parsed.reason));
    const userId = req.auth?.user.id;
    if (!userId) return next.handle();
    return from(this.begin(req, res, userId, parsed.key, next)).pipe(mergeAll());
  }

  private async begin(req: AuthedRequest, res: Response, userId: string, key: string, next: CallHandler): Promise<Observable<unknown>> {
    const fingerprint = requestFingerprint({
      method: req.method,
      url: req.originalUrl,
      contentType: req.get('content-type'),
      contentLength: req.get('content-length'),
      body: req.body,
      // The same media types the API's JSON body parser reads (create-app.ts).
      parsed: typeof req.is(['application/json', 'application/*+json']) === 'string',
    });
    const claim = await this.store.claim({ userId, key, fingerprint, method: req.method, path: req.originalUrl.slice(0, 2000) });
    switch (claim.kind) {
      case 'owned':
        return new KeyAttempt(this.store, this.logger, userId, key, claim.token, keepsAnswer(req.path)).run(res, () => next.handle());
      case 'replay':
        replayAnswer(res, claim.answer);
        return of(undefined);
      case 'reused':
        throw new DomainException('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a request with another method, path or body');
      case 'in-flight':
        throw new DomainException('IDEMPOTENCY_KEY_IN_FLIGHT', undefined, {}, { 'Retry-After': String(IDEMPOTENCY_POLICY.retryAfterSeconds) });
      case 'completed':
        throw new DomainException('IDEMPOTENCY_KEY_COMPLETED', 'The request with this Idempotency-Key was carried out, but its answer was not kept; load the current state instead of repeating it');
    }
  }
}
