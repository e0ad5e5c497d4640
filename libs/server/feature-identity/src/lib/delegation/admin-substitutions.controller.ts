import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DomainException, parseBody } from '@agendy/server/core';
import type { Substitution } from '@agendy/shared/contracts';
import { idParam } from '../access/params';
import { RequireAdmin } from '../access/require-roles';
import { Auth, AuthContext } from '../auth-context';
import { DelegationService } from './delegation.service';
import { createSubstitutionSchema } from './substitution-schemas';

/** A system admin sets up substitutions for anyone (e.g. an unplanned absence). */
@ApiTags('admin')
@RequireAdmin('substitutions')
@Controller('v1/admin/substitutions')
export class AdminSubstitutionsController {
  constructor(private readonly delegation: DelegationService) {}

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
  @ApiOperation({ summary: 'Create a substitution for any principal' })
  @ApiBody({ schema: z.toJSONSchema(createSubstitutionSchema, { io: 'input' }) as object })
  create(@Auth() auth: AuthContext, @Body() body: unknown): Promise<Substitution> {
    return this.delegation.create({ ...parseBody(createSubstitutionSchema, body), source: 'admin', createdBy: auth.user.id });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a substitution' })
  async revoke(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.delegation.revoke(idParam(id), auth.user.id, null);
  }
}
