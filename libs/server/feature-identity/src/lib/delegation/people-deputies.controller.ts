import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import { z } from 'zod';
import { parseBody } from '@agendy/server/core';
import type { Substitution } from '@agendy/shared/contracts';
import { idParam } from '../access/params';
import { Auth, AuthContext } from '../auth-context';
import { SeparationOfDuties } from '../policy/separation-of-duties.service';
import { DelegationService } from './delegation.service';
import { createMyDeputySchema } from './substitution-schemas';

/**
 * The line manager names deputies for their people (ADR 0004): an unplanned absence is covered by
 * the person who owns that decision — the head of the person's department or of its parent, the
 * director for department heads — not by a system administrator. The person themselves may use
 * this path as well as /me/deputies. Nobody names themselves (403 SELF_GRANT_FORBIDDEN, audited).
 */
@ApiTags('substitutions')
@ApiForbiddenResponse({ description: 'FORBIDDEN unless the caller is the person or their line manager; SELF_GRANT_FORBIDDEN when the caller would be the deputy' })
@Controller('v1/people/:id/deputies')
export class PeopleDeputiesController {
  constructor(
    private readonly delegation: DelegationService,
    private readonly duties: SeparationOfDuties,
  ) {}

  @Get()
  @ApiOperation({ summary: "The person's current and planned deputies (the person, their line manager; system administrators for support)" })
  @Access.object('person-deputies', 'id', 'oversee')
  async list(@Auth() auth: AuthContext, @Param('id') id: string): Promise<Substitution[]> {
    // Who may oversee the person's substitutions is the access guard's (rules/identity.ts personDeputiesRule).
    return this.delegation.list({ principalId: idParam(id) });
  }

  @Post()
  @ApiOperation({ summary: 'Name a deputy of the person for [validFrom, validTo): the person or their line manager, never oneself as the deputy' })
  @ApiBody({ schema: z.toJSONSchema(createMyDeputySchema, { io: 'input' }) as object })
  @ApiResponse({ status: 201, description: 'Substitution' })
  @Access.bySeparationOfDuties('the person or their line manager; naming oneself is refused and audited (SELF_GRANT_FORBIDDEN)')
  async create(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Ip() ip: string): Promise<Substitution> {
    const principalId = idParam(id);
    const input = parseBody(createMyDeputySchema, body);
    const source = await this.duties.assertMayNameDeputy(auth.user.id, principalId, input.deputyId, ip ?? null);
    return this.delegation.create({ ...input, principalId, source, createdBy: auth.user.id });
  }

  @Delete(':substitutionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of the person’s substitutions (the person, their line manager, system administrators); revoking only takes access away' })
  @Access.object('substitution', 'substitutionId', 'revoke')
  async revoke(@Auth() auth: AuthContext, @Param('id') id: string, @Param('substitutionId') substitutionId: string): Promise<void> {
    await this.delegation.revoke(idParam(substitutionId), auth.user.id, idParam(id));
  }
}
