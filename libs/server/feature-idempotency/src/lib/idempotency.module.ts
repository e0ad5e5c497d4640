import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyPurgeHandler } from './idempotency-purge.handler';
import { IdempotencyStore } from './idempotency.store';

/** The api: Idempotency-Key on every POST/PATCH of /api/v1 (a global interceptor). */
@Module({
  providers: [IdempotencyStore, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}

/** The worker: the hourly purge of expired keys. */
@Module({ providers: [IdempotencyStore, IdempotencyPurgeHandler] })
export class IdempotencyJobsModule {}
