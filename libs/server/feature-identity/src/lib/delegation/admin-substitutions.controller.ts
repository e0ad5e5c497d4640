import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DomainException, parseBody } from '@agendy/server/core';
import type { Substitution } from '@agendy/shared/contracts';
import { idParam } from '../access/params';
import { Access } from '@agendy/server/authority';
import { Auth, AuthContext } from '../auth-context';
import { SeparationOfDuties } from '../policy/separation-of-duties.service';
import { DelegationService } from './delegation.service';
import { createSubstitutionSchema } from './substitution-schemas';

/**
 * Support view of substitutions for system administrators: list any, revoke any (revoking only
 * takes access away). Creating one follows the same rule as everywhere (ADR 0004): only the
 * absent person or their line manager names a deputy, and never themselves — a system
 * administrator as such cannot (403; SELF_GRANT_FORBIDDEN, audited, when naming himself).
 */
@ApiTags('admin')
@Access.admin('substitutions')
@Controller('v1/admin/substitutions')
export class AdminSubstitutionsController {
  constructor(
    private readonly delegation: DelegationService,
    private readonly duties: SeparationOfDuties,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Current and planned substitutions, optionally of one principal or deputy' })
  @ApiQuery({ name: 'principalId', required: false })
  @ApiQuery({ name: 'deputyId', required: false })
  list(@Query('principalId') principalId?: string, @Query('deputyId') deputyId?: string): Promise<Substitution[]> {
    return this.delegation.list({ principalId: principalId ? idParam(principalId) : undefined, deputyId: deputyId ? idParam(deputyId) : undefined });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One substitution' })
  async get(@Param('id') id: string): Promise<Substitution> {
    const found = await this.delegation.get(idParam(id));
    if (!found) throw new DomainException('NOT_FOUND');
    return found;
  }

  @Post()
  @ApiOperation({ summary: 'Create a substitution: only as the absent person or their line manager (use /people/{id}/deputies); never naming oneself' })
  @ApiBody({ schema: z.toJSONSchema(createSubstitutionSchema, { io: 'input' }) as object })
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Ip() ip: string): Promise<Substitution> {
    const input = parseBody(createSubstitutionSchema, body);
    const source = await this.duties.assertMayNameDeputy(auth.user.id, input.principalId, input.deputyId, ip ?? null);
    return this.delegation.create({ ...input, source, createdBy: auth.user.id });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke any substitution (support; revoking only takes access away)' })
  async revoke(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.delegation.revoke(idParam(id), auth.user.id, null);
  }
}
