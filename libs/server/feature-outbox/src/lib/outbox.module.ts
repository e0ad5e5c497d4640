import { Module } from '@nestjs/common';
import { OutboxPoller } from './outbox-poller';
import { OutboxProcessor } from './outbox-processor';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

/** The api side: writing rows in transactions and relaying right after commit. */
@Module({ providers: [OutboxWriter, OutboxRelay], exports: [OutboxWriter, OutboxRelay] })
export class OutboxModule {}

/** The worker side: the relay loop and the run-once guard for handlers. */
@Module({ providers: [OutboxWriter, OutboxRelay, OutboxPoller, OutboxProcessor], exports: [OutboxWriter, OutboxRelay, OutboxProcessor] })
export class OutboxWorkerModule {}
