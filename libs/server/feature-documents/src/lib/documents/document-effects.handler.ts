import { Injectable, Logger } from '@nestjs/common';
import { OutboxProcessor } from '@agendy/server/feature-outbox';
import { RequestRuntime } from '@agendy/server/feature-requests';
import { JobHandler, type OutboxJob } from '@agendy/server/queue';
import { SignatureService } from '../signing/signature-service';
import { DocumentGenerator, type DocumentRow } from './document-generator';

/**
 * The engine's document effects and the office seal. The PDF is rendered (and the seal applied)
 * outside any transaction; the outbox row is then processed once (OutboxProcessor), so a
 * redelivered job finds it processed and does nothing: exactly one document per key and one set of
 * signature tasks per effect.
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
    return this.processor.prepareThenRunOnce(
      p.outboxId,
      async (row) => (row.effect.type === 'generateDocument' && row.requestId ? this.generator.ensure(row.requestId, row.effect.template, row.effect.documentKey, row.id) : undefined),
      async (_em, row, doc) => {
        if (doc) this.logger.log({ outboxId: row.id, document: doc.id, version: doc.version }, 'Document generated');
      },
    );
  }

  @JobHandler('effects.request-signatures')
  async requestSignatures(p: OutboxJob): Promise<string> {
    let document: DocumentRow | undefined;
    const result = await this.processor.prepareThenRunOnce(
      p.outboxId,
      async (row) => (row.effect.type === 'requestSignatures' && row.requestId ? this.generator.ensure(row.requestId, row.effect.document, row.effect.documentKey, null) : undefined),
      async (em, row, doc) => {
        if (!doc || row.effect.type !== 'requestSignatures') return;
        document = doc;
        await this.signatures.createTasks(em, row.id, doc, row.effect);
      },
    );
    if (result === 'done') this.runtime.afterCommit();
    // A seal may come first in the order (or be the only signature).
    if (document) await this.signatures.applyDueSeals(document.id);
    return result;
  }

  @JobHandler('documents.apply-seals')
  async applySeals(p: { documentId: string }): Promise<string> {
    return `${await this.signatures.applyDueSeals(p.documentId)} seal(s)`;
  }

  @JobHandler('documents.sweep-seals')
  async sweepSeals(): Promise<string> {
    let applied = 0;
    for (const documentId of await this.signatures.documentsAwaitingSeal()) applied += await this.signatures.applyDueSeals(documentId);
    return `${applied} seal(s)`;
  }
}
