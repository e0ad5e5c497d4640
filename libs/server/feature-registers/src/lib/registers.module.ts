import { Injectable, Logger, Module } from '@nestjs/common';
import { OutboxProcessor, OutboxWorkerModule } from '@agendy/server/feature-outbox';
import { JobHandler, type OutboxJob } from '@agendy/server/queue';

/** Registers (regulations, contracts, council sessions), dashboards and open data over HTTP (issue 11). */
@Module({})
export class RegistersModule {}

/** STUB until issue 11 lands: marks publishToRegister effects processed so the outbox drains. */
@Injectable()
export class RegisterEffectStubHandler {
  private readonly logger = new Logger('RegisterEffectStub');
  constructor(private readonly processor: OutboxProcessor) {}

  @JobHandler('effects.publish-to-register')
  publishToRegister(p: OutboxJob): Promise<string> {
    return this.processor.runOnce(p.outboxId, async (_em, row) => {
      this.logger.log({ outboxId: p.outboxId, effect: row.effect.type }, 'Effect accepted by the registers stub');
    });
  }
}

/** The worker's part of registers: publication effects, deadline reminders, the open-data export. */
@Module({
  imports: [OutboxWorkerModule],
  providers: [RegisterEffectStubHandler],
})
export class RegistersJobsModule {}
