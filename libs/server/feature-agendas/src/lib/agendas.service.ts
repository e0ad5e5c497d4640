import { Injectable } from '@nestjs/common';
import type { AgendaDetail, AgendaSummary } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { startRequest } from '@agendy/workflow/engine';
import { toAgendaDetail, toAgendaSummary } from './agenda-presenter';
import { AgendaRegistry } from './agenda-registry';
import { mayAdministerAgenda } from './designer/designer-access';
import { actorFor, UserFacts } from './user-facts';

@Injectable()
export class AgendasService {
  constructor(
    private readonly registry: AgendaRegistry,
  ) {}

  /** Published agendas the user may file: the engine's own start rule decides, on a throw-away context. */
  async fileable(facts: UserFacts): Promise<AgendaSummary[]> {
    const now = new Date();
    const result: AgendaSummary[] = [];
    for (const { definition, referencePrefix } of await this.registry.listPublished()) {
      const probe = startRequest(
        definition,
        { id: 'probe', agendaCode: definition.code, filerId: facts.userId, filerDepartmentId: facts.departmentId ?? '', createdAt: now.toISOString() },
        actorFor(facts, definition),
        now,
        {},
      );
      if (probe.ok || probe.error.code !== 'NOT_ALLOWED') result.push(toAgendaSummary(definition, referencePrefix));
    }
    return result;
  }

  async published(code: string): Promise<AgendaDetail> {
    const found = await this.registry.findPublished(code);
    if (!found) throw new DomainException('NOT_FOUND', `No published agenda "${code}"`);
    return toAgendaDetail(found.definition, found.referencePrefix);
  }

  /** A specific version: running requests need the form they were filed under. Drafts only for administrators. */
  async version(facts: UserFacts, code: string, version: number): Promise<AgendaDetail> {
    const definition = await this.registry.version(code, version);
    const versions = definition ? await this.registry.listVersions(code) : [];
    const info = versions.find((v) => v.version === version);
    if (!definition || !info || (info.status === 'draft' && !mayAdministerAgenda(facts, code))) throw new DomainException('NOT_FOUND');
    return toAgendaDetail(definition, (await this.registry.referencePrefix(code)) ?? '');
  }
}
