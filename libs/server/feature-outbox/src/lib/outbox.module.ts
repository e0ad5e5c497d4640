import { Module } from '@nestjs/common';
import { EffectIncidents } from './effect-incidents';
import { OutboxPoller } from './outbox-poller';
import { OutboxProcessor } from './outbox-processor';
import { OutboxRedelivery } from './outbox-redelivery';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

/**
 * The incident store on its own module, so a process has exactly one EffectIncidents (its
 * listeners are registered on that one instance) whichever outbox modules it imports.
 */
@Module({ providers: [EffectIncidents], exports: [EffectIncidents] })
export class OutboxIncidentsModule {}

/** The api side: writing rows in transactions and relaying right after commit; incidents for the admin endpoint. */
@Module({ imports: [OutboxIncidentsModule], providers: [OutboxWriter, OutboxRelay], exports: [OutboxWriter, OutboxRelay, OutboxIncidentsModule] })
export class OutboxModule {}

/** The worker side: the relay loop, redelivery, and the run-once guard for handlers. */
@Module({
  imports: [OutboxIncidentsModule],
  providers: [OutboxWriter, OutboxRelay, OutboxRedelivery, OutboxPoller, OutboxProcessor],
  exports: [OutboxWriter, OutboxRelay, OutboxProcessor, OutboxRedelivery, OutboxIncidentsModule],
})
export class OutboxWorkerModule {}
