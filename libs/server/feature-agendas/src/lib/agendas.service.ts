import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AgendaDetail, AgendaSummary, AgendaVersionInfo, FieldError } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { startRequest, validateDefinition, type AgendaDefinition } from '@agendy/workflow/engine';
import { toAgendaDetail, toAgendaSummary } from './agenda-presenter';
import { AgendaRegistry } from './agenda-registry';
import { actorFor, isAgendaAdmin, UserFacts } from './user-facts';

export interface ClientInfo {
  ip: string | null;
}

@Injectable()
export class AgendasService {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: AgendaRegistry,
    private readonly audit: AuditWriter,
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
    if (!definition || !info || (info.status === 'draft' && !isAgendaAdmin(facts))) throw new DomainException('NOT_FOUND');
    return toAgendaDetail(definition, (await this.registry.referencePrefix(code)) ?? '');
  }

  async versions(facts: UserFacts, code: string): Promise<AgendaVersionInfo[]> {
    this.requireAdmin(facts);
    const list = await this.registry.listVersions(code);
    if (list.length === 0) throw new DomainException('NOT_FOUND');
    return list;
  }

  async import(facts: UserFacts, input: unknown, client: ClientInfo): Promise<AgendaVersionInfo> {
    this.requireAdmin(facts);
    const validated = validateDefinition(input);
    if (!validated.ok) {
      const errors: FieldError[] = validated.error.map((e) => ({ pointer: e.path, rule: e.code, message: e.message }));
      throw new DomainException('VALIDATION_FAILED', `The agenda definition has ${errors.length} problem(s)`, { errors });
    }
    const definition: AgendaDefinition = validated.value;
    return this.ds.transaction(async (em) => {
      const info = await this.registry.insertDraft(em, definition, facts.userId);
      if (!info) throw new DomainException('CONFLICT', `Version ${definition.version} of "${definition.code}" exists already; raise the version number`);
      await this.audit.append(em, {
        actorId: facts.userId,
        action: 'agenda.import',
        objectType: 'agenda',
        objectId: `${definition.code}@${definition.version}`,
        ip: client.ip,
        details: { code: definition.code, version: definition.version },
      });
      return info;
    });
  }

  async publish(facts: UserFacts, code: string, version: number, client: ClientInfo): Promise<AgendaVersionInfo> {
    this.requireAdmin(facts);
    return this.ds.transaction(async (em) => {
      const info = await this.registry.publish(em, code, version);
      if (!info) throw new DomainException('NOT_FOUND', `No version ${version} of "${code}"`);
      await this.audit.append(em, { actorId: facts.userId, action: 'agenda.publish', objectType: 'agenda', objectId: `${code}@${version}`, ip: client.ip, details: { code, version } });
      return info;
    });
  }

  private requireAdmin(facts: UserFacts): void {
    if (!isAgendaAdmin(facts)) throw new DomainException('FORBIDDEN', 'Only agenda administrators manage agenda definitions');
  }
}
