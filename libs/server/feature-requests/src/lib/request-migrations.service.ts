import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MigrateRequestsRequest, MigrateRequestsResponse } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AgendaRegistry, mayAdministerAgenda, planMigration, type UserFacts } from '@agendy/server/feature-agendas';
import { AuditWriter } from '@agendy/server/feature-audit';
import type { WorkflowSnapshot } from '@agendy/workflow/engine';
import { migrateRequestRow } from './request-store';
import type { ClientInfo } from './request-runtime.service';

const MAX_MIGRATION_BATCH = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An agenda administrator moves running requests to another published version of their agenda
 * (the designer's "migrate"). It lives with the request runtime because it writes requests, their
 * open tasks and history — tables this library owns (ADR 0004); the plan itself is the designer's
 * pure `planMigration`.
 */
@Injectable()
export class RequestMigrations {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: AgendaRegistry,
    private readonly audit: AuditWriter,
  ) {}

  /**
   * Moves the chosen running requests to a published version. Each request is checked on its own:
   * those whose data or state do not fit are listed with reasons and stay where they are.
   */
  async migrate(facts: UserFacts, code: string, body: unknown, client: ClientInfo): Promise<MigrateRequestsResponse> {
    if (!mayAdministerAgenda(facts, code)) throw new DomainException('FORBIDDEN', `Only administrators of "${code}" may manage it`);
    const input = migrationInput(body);
    const target = await this.registry.version(code, input.to);
    const status = (await this.registry.listVersions(code)).find((v) => v.version === input.to)?.status;
    if (!target || status !== 'published') {
      throw new DomainException('AGENDA_MIGRATION_INVALID', `Requests can only move to the published version of "${code}"`);
    }
    const unknownTargets = Object.entries(input.stateMap).filter(([, to]) => !target.workflow.states.some((s) => s.id === to));
    if (unknownTargets.length > 0) {
      throw new DomainException('AGENDA_MIGRATION_INVALID', `Version ${input.to} has no state ${unknownTargets.map(([, to]) => `"${to}"`).join(', ')}`, {
        errors: unknownTargets.map(([from, to]) => ({ pointer: `/stateMap/${from}`, rule: 'UNKNOWN_STATE', message: { cs: `verze ${input.to} nemá stav „${to}“`, en: `version ${input.to} has no state "${to}"` } })),
      });
    }
    const now = new Date();
    return this.ds.transaction(async (em) => {
      const rows: Array<{ id: string; reference: string; agenda_version: number; final: boolean; snapshot: WorkflowSnapshot }> = await em.query(
        `SELECT id, reference, agenda_version, final, snapshot FROM requests WHERE agenda_code = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
        [code, input.requestIds],
      );
      const result: MigrateRequestsResponse = { migrated: [], refused: [] };
      for (const id of input.requestIds) {
        const row = rows.find((r) => r.id === id);
        if (!row) {
          result.refused.push({ requestId: id, reference: null, reasons: [`no request ${id} in agenda "${code}"`] });
          continue;
        }
        if (row.final) {
          result.refused.push({ requestId: id, reference: row.reference, reasons: ['the request is closed'] });
          continue;
        }
        if (row.agenda_version === input.to) {
          result.refused.push({ requestId: id, reference: row.reference, reasons: [`the request runs on version ${input.to} already`] });
          continue;
        }
        const plan = planMigration(target, row.snapshot, input.stateMap, now, facts.userId);
        if (!plan.ok) {
          result.refused.push({ requestId: id, reference: row.reference, reasons: plan.reasons });
          continue;
        }
        await migrateRequestRow(em, id, input.to, plan.snapshot, plan.history);
        result.migrated.push({ requestId: id, reference: row.reference, fromVersion: row.agenda_version, state: plan.snapshot.state });
      }
      if (result.migrated.length > 0) {
        await this.audit.append(em, {
          actorId: facts.userId,
          action: 'agenda.requests.migrate',
          objectType: 'agenda',
          objectId: `${code}@${input.to}`,
          ip: client.ip,
          details: { code, to: input.to, stateMap: input.stateMap, requests: result.migrated.map((m) => ({ id: m.requestId, from: m.fromVersion, state: m.state })) },
        });
      }
      return result;
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function migrationInput(body: unknown): Required<MigrateRequestsRequest> {
  const fail = (pointer: string, message: string) =>
    new DomainException('VALIDATION_FAILED', message, { errors: [{ pointer, rule: 'INVALID', message: { cs: message, en: message } }] });
  if (!isObject(body)) throw fail('', 'a JSON object is required');
  const to = body['to'];
  if (typeof to !== 'number' || !Number.isSafeInteger(to) || to < 1) throw fail('/to', 'to must be a version number');
  const ids = body['requestIds'];
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_MIGRATION_BATCH || !ids.every((i) => typeof i === 'string' && UUID.test(i))) {
    throw fail('/requestIds', `requestIds must list 1 to ${MAX_MIGRATION_BATCH} request ids`);
  }
  const map = body['stateMap'] ?? {};
  if (!isObject(map) || !Object.values(map).every((v) => typeof v === 'string')) throw fail('/stateMap', 'stateMap maps state ids to state ids');
  return { to, requestIds: [...new Set(ids as string[])], stateMap: map as Record<string, string> };
}
