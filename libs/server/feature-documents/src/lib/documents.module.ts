import { Injectable, Logger, Module } from '@nestjs/common';
import { OutboxProcessor, OutboxWorkerModule } from '@agendy/server/feature-outbox';
import { JobHandler, type OutboxJob } from '@agendy/server/queue';

/** Documents from templates, signature tasks, the office seal and the office PKI over HTTP (issue 7). */
@Module({})
export class DocumentsModule {}

/**
 * STUB until issue 7 lands: marks the engine's document and signature effects processed so the
 * outbox drains. Issue 7 replaces it (the job catalogue allows one handler per job).
 */
@Injectable()
export class DocumentEffectStubHandlers {
  private readonly logger = new Logger('DocumentEffectStub');
  constructor(private readonly processor: OutboxProcessor) {}

  private stub(outboxId: string): Promise<string> {
    return this.processor.runOnce(outboxId, async (_em, row) => {
      this.logger.log({ outboxId, effect: row.effect.type }, 'Effect accepted by the documents stub');
    });
  }

  @JobHandler('effects.generate-document')
  generateDocument(p: OutboxJob): Promise<string> {
    return this.stub(p.outboxId);
  }

  @JobHandler('effects.request-signatures')
  requestSignatures(p: OutboxJob): Promise<string> {
    return this.stub(p.outboxId);
  }
}

/** The worker's part of documents and signing. */
@Module({
  imports: [OutboxWorkerModule],
  providers: [DocumentEffectStubHandlers],
})
export class DocumentsJobsModule {}
