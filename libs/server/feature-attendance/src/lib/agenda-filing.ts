import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainException } from '@agendy/server/core';
import { actorsFor, AgendaRegistry, type UserFacts } from '@agendy/server/feature-agendas';
import { RequestRuntime, type ApplyOptions } from '@agendy/server/feature-requests';
import { startRequest, transition, type FormData, type Rejection } from '@agendy/workflow/engine';
import type { Client } from './attendance.service';

/** An engine rejection as the API error the requests endpoints would give for it. */
export function rejectionError(r: Rejection): DomainException {
  const extensions = { message: r.message };
  if (r.code === 'INVALID_DATA') {
    return new DomainException('VALIDATION_FAILED', r.message.en, { ...extensions, errors: (r.fieldErrors ?? []).map((e) => ({ pointer: e.pointer, rule: e.keyword, message: e.message })) });
  }
  const code = r.code === 'NOT_ALLOWED' ? 'FORBIDDEN' : r.code;
  return new DomainException(code, r.message.en, extensions);
}

/**
 * Files a request and takes its `submit` step. The runtime does that in two transactions, so the
 * pure engine first plays both steps on a scratch snapshot: a filing the agenda would refuse is
 * refused before anything is written (a rejected call changes nothing in the database).
 */
@Injectable()
export class AgendaFiling {
  constructor(
    private readonly registry: AgendaRegistry,
    private readonly runtime: RequestRuntime,
  ) {}

  async fileAndSubmit(facts: UserFacts, agendaCode: string, data: FormData, client: Client, existingDraftId?: string | null, options: ApplyOptions = {}): Promise<string> {
    if (existingDraftId) {
      await this.runtime.apply(facts, existingDraftId, { type: 'transition', name: 'submit', data }, client, options);
      return existingDraftId;
    }
    const published = await this.registry.findPublished(agendaCode);
    if (!published) throw new DomainException('NOT_FOUND', `No published agenda "${agendaCode}"`);
    const { definition } = published;
    const actor = actorsFor(facts, definition)[0];
    const now = new Date();
    const started = startRequest(definition, { id: randomUUID(), agendaCode, filerId: facts.userId, filerDepartmentId: facts.departmentId ?? '', createdAt: now.toISOString() }, actor, now, {});
    if (!started.ok) throw rejectionError(started.error);
    const submitted = transition(definition, started.value.snapshot, { type: 'transition', name: 'submit', data }, actor, now);
    if (!submitted.ok) throw rejectionError(submitted.error);

    const { id } = await this.runtime.create(facts, agendaCode, {}, client);
    try {
      await this.runtime.apply(facts, id, { type: 'transition', name: 'submit', data }, client, options);
    } catch (e) {
      // Only a race (the agenda republished, or a module's check refused in the meantime) gets here: do not leave a stray draft.
      await this.runtime.apply(facts, id, { type: 'transition', name: 'cancel' }, client).catch(() => undefined);
      await this.runtime.apply(facts, id, { type: 'transition', name: 'withdraw' }, client).catch(() => undefined);
      throw e;
    }
    return id;
  }
}
