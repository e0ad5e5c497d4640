import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '@agendy/server/queue';
import { IdempotencyStore } from './idempotency.store';

/** Keys live 24 hours (IDEMPOTENCY_POLICY.ttlSeconds); an expired key is already ignored, this frees the space. */
@Injectable()
export class IdempotencyPurgeHandler {
  private readonly logger = new Logger('IdempotencyPurge');

  constructor(private readonly store: IdempotencyStore) {}

  /** Idempotent by nature: deleting what is already deleted deletes nothing. */
  @JobHandler('housekeeping.purge-idempotency-keys')
  async purge(): Promise<{ deleted: number }> {
    const deleted = await this.store.purgeExpired();
    if (deleted > 0) this.logger.log({ deleted }, 'Expired idempotency keys purged');
    return { deleted };
  }
}
