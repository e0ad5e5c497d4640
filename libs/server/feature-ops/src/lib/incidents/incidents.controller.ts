import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseBody } from '@agendy/server/core';
import { EffectIncidents, type IncidentRow } from '@agendy/server/feature-outbox';
import { Access } from '@agendy/server/authority';
import type { EffectIncidentItem, EffectIncidentListResponse } from '@agendy/shared/contracts';

const querySchema = z.strictObject({
  state: z.enum(['open', 'all']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function toIncidentItem(r: IncidentRow): EffectIncidentItem {
  return {
    id: r.id,
    effectId: r.outbox_id,
    effectType: r.effect_type,
    job: r.job,
    request: r.request_id && r.reference ? { id: r.request_id, reference: r.reference } : null,
    openedAt: new Date(r.opened_at).toISOString(),
    closedAt: iso(r.closed_at),
    failures: r.failures,
    redeliveries: r.redeliveries,
    lastError: r.last_error,
    lastFailedAt: new Date(r.last_failed_at).toISOString(),
    nextAttemptAt: iso(r.next_attempt_at),
  };
}

/** Effects whose jobs ran out of tries (docs/runtime.md): what operators must look at. */
@ApiTags('operations-admin')
@Access.admin('incidents')
@Controller('v1/admin/incidents')
export class IncidentsController {
  constructor(private readonly incidents: EffectIncidents) {}

  @Get()
  @ApiOperation({ summary: 'Effect incidents (jobs that ran out of tries): open ones, or all with state=all; system administrators' })
  async list(@Query() query: unknown): Promise<EffectIncidentListResponse> {
    const q = parseBody(querySchema, query);
    const { rows, open } = await this.incidents.list(q.state === 'all', q.limit ?? 100);
    return { items: rows.map(toIncidentItem), open };
  }
}
