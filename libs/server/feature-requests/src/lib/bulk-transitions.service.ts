import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BulkTransitionBody, BulkTransitionResponse, BulkTransitionResult } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import type { UserFacts } from '@agendy/server/feature-agendas';
import type { LocalizedText } from '@agendy/shared/util';
import type { WorkflowEvent, WorkflowSnapshot } from '@agendy/workflow/engine';
import { actionsFor, isBulkEligible } from './request-actions';
import { RequestRuntime, type ClientInfo } from './request-runtime.service';
import { isUuid, RequestVisibility, type VisibilityScope } from './request-visibility';

const NOT_FOUND: LocalizedText = { cs: 'Žádost nebyla nalezena.', en: 'The request was not found.' };
const STALE: LocalizedText = { cs: 'Žádost mezitím změnil někdo jiný. Otevřete ji a rozhodněte znovu.', en: 'The request was changed meanwhile. Open it and decide again.' };
const NOT_BULK: LocalizedText = {
  cs: 'Tento krok u žádosti nelze provést hromadně. Otevřete ji a rozhodněte jednotlivě.',
  en: 'This step cannot be taken in bulk on this request. Open it and decide individually.',
};
const FAILED: LocalizedText = { cs: 'Krok se nepodařilo provést.', en: 'The step could not be taken.' };

interface Row {
  reference: string;
  agenda_code: string;
  agenda_version: number;
  version: number;
  snapshot: WorkflowSnapshot;
}

/**
 * Bulk approval from the inbox: the same step on each selected request, one after another, each
 * in its own transaction through RequestRuntime (lock, its own expectedVersion, history, audit,
 * outbox). A request that changed meanwhile or whose step needs more than a click is reported and
 * left alone; the others go through.
 */
@Injectable()
export class BulkTransitions {
  constructor(
    private readonly ds: DataSource,
    private readonly runtime: RequestRuntime,
    private readonly visibility: RequestVisibility,
  ) {}

  async apply(facts: UserFacts, body: BulkTransitionBody, client: ClientInfo): Promise<BulkTransitionResponse> {
    const kind = body.kind ?? 'transition';
    const scope = await this.visibility.scope(facts);
    const results: BulkTransitionResult[] = [];
    for (const item of body.items) {
      results.push(await this.one(facts, scope, kind, body.transition, item, client));
    }
    const succeeded = results.filter((r) => r.ok).length;
    return { results, succeeded, failed: results.length - succeeded };
  }

  private async one(
    facts: UserFacts,
    scope: VisibilityScope,
    kind: 'transition' | 'vote',
    name: string,
    item: BulkTransitionBody['items'][number],
    client: ClientInfo,
  ): Promise<BulkTransitionResult> {
    const { requestId, expectedVersion } = item;
    const fail = (code: string, message: LocalizedText, reference: string | null = null): BulkTransitionResult => ({ requestId, reference, ok: false, code, message });
    if (!isUuid(requestId) || !(await this.visibility.canSee(this.ds.manager, scope, requestId))) return fail('NOT_FOUND', NOT_FOUND);
    const [row]: Row[] = await this.ds.query(`SELECT reference, agenda_code, agenda_version, version, snapshot FROM requests WHERE id = $1`, [requestId]);
    if (!row) return fail('NOT_FOUND', NOT_FOUND);
    if (row.version !== expectedVersion) return fail('STALE', STALE, row.reference);
    // Judged on the version the user saw; the runtime then refuses any other version under the row lock.
    const definition = await this.runtime.definitionOf(row);
    const action = actionsFor(definition, row.snapshot, facts).find((a) => a.kind === kind && a.name === name);
    if (!action || !isBulkEligible(action)) return fail('NOT_BULK', NOT_BULK, row.reference);
    const event: WorkflowEvent =
      kind === 'vote' ? { type: 'vote', vote: 'approve', expectedVersion } : { type: 'transition', name, expectedVersion };
    try {
      const { version } = await this.runtime.apply(facts, requestId, event, client);
      const [after]: Array<{ state: string }> = await this.ds.query(`SELECT state FROM requests WHERE id = $1`, [requestId]);
      const stateId = after?.state ?? '';
      const label = definition.workflow.states.find((s) => s.id === stateId)?.label ?? { cs: stateId, en: stateId };
      return { requestId, reference: row.reference, ok: true, version, state: { id: stateId, label } };
    } catch (error) {
      if (!(error instanceof DomainException)) throw error;
      const message = error.extensions['message'] as LocalizedText | undefined;
      return fail(error.code, message ?? (error.code === 'STALE' ? STALE : FAILED), row.reference);
    }
  }
}
