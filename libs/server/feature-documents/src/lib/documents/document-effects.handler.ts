import { Injectable, Logger } from '@nestjs/common';
import { OutboxProcessor } from '@agendy/server/feature-outbox';
import { RequestRuntime } from '@agendy/server/feature-requests';
import { JobHandler, type OutboxJob } from '@agendy/server/queue';
import { SignatureService } from '../signing/signature-service';
import { DocumentGenerator } from './document-generator';

/**
 * The engine's document effects. Each runs inside its outbox row's transaction (OutboxProcessor),
 * so a redelivered job finds the row processed and does nothing: exactly one document per key and
 * one set of signature tasks per effect.
 */
@Injectable()
export class DocumentEffectHandlers {
  private readonly logger = new Logger('DocumentEffects');

  constructor(
    private readonly processor: OutboxProcessor,
    private readonly generator: DocumentGenerator,
    private readonly signatures: SignatureService,
    private readonly runtime: RequestRuntime,
  ) {}

  @JobHandler('effects.generate-document')
  async generateDocument(p: OutboxJob): Promise<string> {
    const result = await this.processor.runOnce(p.outboxId, async (em, row) => {
      if (row.effect.type !== 'generateDocument' || !row.requestId) return;
      const doc = await this.generator.ensure(em, row.requestId, row.effect.template, row.effect.documentKey, row.id);
      this.logger.log({ outboxId: row.id, document: doc.id, version: doc.version }, 'Document generated');
    });
    return result;
  }

  @JobHandler('effects.request-signatures')
  async requestSignatures(p: OutboxJob): Promise<string> {
    const result = await this.processor.runOnce(p.outboxId, async (em, row) => {
      if (row.effect.type !== 'requestSignatures' || !row.requestId) return;
      await this.signatures.createTasks(em, row.id, row.effect);
    });
    // A seal-only signature order may have completed the document and moved the request.
    if (result === 'done') this.runtime.afterCommit();
    return result;
  }
}
