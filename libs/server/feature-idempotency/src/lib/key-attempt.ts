import { AsyncResource } from 'node:async_hooks';
import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { finalize, Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { CommitHook, withCommitHook } from '@agendy/server/db';
import { IDEMPOTENCY_POLICY } from './idempotency-policy';
import type { IdempotencyStore } from './idempotency.store';
import { holdAnswer } from './answer-capture';
import type { StoredAnswer } from './stored-answer';

/**
 * One attempt that owns a key: runs the handler so that the first transaction it commits also
 * consumes the key (the commit hook), keeps the key's lease alive while the handler runs, and ends
 * with the answer stored (or the key released when nothing was done).
 */
export class KeyAttempt implements CommitHook {
  private handlerDone = false;
  private settled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly logger: Logger,
    private readonly userId: string,
    private readonly key: string,
    private readonly token: string,
    /** False for answers that carry a secret (see keepsAnswer): the key still guards, the answer is not kept. */
    private readonly keepAnswer: boolean,
  ) {}

  /** Inside the business transaction, just before COMMIT (see withCommitHook). */
  async beforeCommit(em: EntityManager): Promise<void> {
    // Work the handler left running in the background must not consume the key after the answer.
    if (this.handlerDone) return;
    await this.store.markCommitted(em, this.userId, this.key, this.token);
  }

  run(res: Response, handle: () => Observable<unknown>): Observable<unknown> {
    // Bound here, outside the commit-hook scope and any transaction: the final store takes its own
    // pool connection, whatever context Express calls `send` from.
    const settle = AsyncResource.bind((answer: StoredAnswer | null) => this.settle(answer));
    holdAnswer(res, (answer) => settle(answer));
    // A streamed answer never passes through send; a client that hung up early still gets the
    // answer stored by send when the handler ends (its retry then replays it).
    res.once('close', () => {
      if (this.handlerDone) void settle(null);
    });
    this.timer = setInterval(() => void this.renew(), IDEMPOTENCY_POLICY.renewEverySeconds * 1000);
    this.timer.unref();
    return withCommitHook(this, handle).pipe(
      finalize(() => {
        this.handlerDone = true;
        this.stopRenewal();
      }),
    );
  }

  private async renew(): Promise<void> {
    try {
      if (!(await this.store.renew(this.userId, this.key, this.token))) this.stopRenewal();
    } catch (e) {
      // Next tick tries again; if the database stays away the lease simply runs out.
      this.logger.warn({ err: e }, 'Idempotency key lease not renewed');
    }
  }

  private stopRenewal(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async settle(answer: StoredAnswer | null): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    this.handlerDone = true;
    this.stopRenewal();
    // 5xx answers are not kept: the retry must be able to succeed (or hear that the write is done).
    const keep = answer && this.keepAnswer && answer.status < 500 && (answer.body?.length ?? 0) <= IDEMPOTENCY_POLICY.maxStoredBodyBytes ? answer : null;
    try {
      await this.store.finish(this.userId, this.key, this.token, keep);
    } catch (e) {
      // The answer still goes out. The key ends with its lease: uncommitted → a retry runs it,
      // committed → a retry hears "carried out". Never a second write.
      this.logger.warn({ err: e }, 'Idempotency key not finished; it ends with its lease');
    }
  }
}
