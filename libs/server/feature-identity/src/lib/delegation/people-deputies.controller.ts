import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DomainException, parseBody } from '@agendy/server/core';
import type { Substitution } from '@agendy/shared/contracts';
import { idParam } from '../access/params';
import { Auth, AuthContext } from '../auth-context';
import { hasRole } from '../policy/policy';
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
  async list(@Auth() auth: AuthContext, @Param('id') id: string): Promise<Substitution[]> {
    const principalId = idParam(id);
    if (!(await this.mayOversee(auth, principalId)) && !hasRole(auth.user, 'system-admin')) throw new DomainException('FORBIDDEN');
    return this.delegation.list({ principalId });
  }

  @Post()
  @ApiOperation({ summary: 'Name a deputy of the person for [validFrom, validTo): the person or their line manager, never oneself as the deputy' })
  @ApiBody({ schema: z.toJSONSchema(createMyDeputySchema, { io: 'input' }) as object })
  @ApiResponse({ status: 201, description: 'Substitution' })
  async create(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Ip() ip: string): Promise<Substitution> {
    const principalId = idParam(id);
    const input = parseBody(createMyDeputySchema, body);
    const source = await this.duties.assertMayNameDeputy(auth.user.id, principalId, input.deputyId, ip ?? null);
    return this.delegation.create({ ...input, principalId, source, createdBy: auth.user.id });
  }

  @Delete(':substitutionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of the person’s substitutions (the person, their line manager, system administrators); revoking only takes access away' })
  async revoke(@Auth() auth: AuthContext, @Param('id') id: string, @Param('substitutionId') substitutionId: string): Promise<void> {
    const principalId = idParam(id);
    if (!(await this.mayOversee(auth, principalId)) && !hasRole(auth.user, 'system-admin')) throw new DomainException('FORBIDDEN');
    await this.delegation.revoke(idParam(substitutionId), auth.user.id, principalId);
  }

  /** The person themselves or their line manager (a deputy of either never counts). */
  private async mayOversee(auth: AuthContext, principalId: string): Promise<boolean> {
    return auth.user.id === principalId || (await this.duties.isLineManagerOf(auth.user.id, principalId));
  }
}
