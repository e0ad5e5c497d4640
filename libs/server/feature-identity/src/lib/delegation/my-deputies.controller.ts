import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import { z } from 'zod';
import { parseBody } from '@agendy/server/core';
import type { MyDeputiesResponse, Substitution } from '@agendy/shared/contracts';
import { idParam } from '../access/params';
import { Auth, AuthContext } from '../auth-context';
import { SeparationOfDuties } from '../policy/separation-of-duties.service';
import { DelegationService } from './delegation.service';
import { createMyDeputySchema } from './substitution-schemas';

/** A user names their own deputies (zástupce) for a period. */
@ApiTags('substitutions')
@Controller('v1/me/deputies')
export class MyDeputiesController {
  constructor(
    private readonly delegation: DelegationService,
    private readonly duties: SeparationOfDuties,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My current and planned deputies, and whom I stand in for' })
  @Access.signedIn('the caller’s own substitutions, both ways')
  async list(@Auth() auth: AuthContext): Promise<MyDeputiesResponse> {
    const [deputies, actingFor] = await Promise.all([this.delegation.list({ principalId: auth.user.id }), this.delegation.list({ deputyId: auth.user.id })]);
    return { deputies, actingFor };
  }

  @Post()
  @ApiOperation({ summary: 'Name a deputy for a period [validFrom, validTo)' })
  @ApiBody({ schema: z.toJSONSchema(createMyDeputySchema, { io: 'input' }) as object })
  @ApiResponse({ status: 201, description: 'Substitution' })
  @Access.bySeparationOfDuties('names a deputy for the caller; naming oneself is refused and audited (SELF_GRANT_FORBIDDEN)')
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Ip() ip: string): Promise<Substitution> {
    const input = parseBody(createMyDeputySchema, body);
    // The one rule for naming deputies; for oneself it always allows (a deputy equal to oneself is a 400 below).
    const source = await this.duties.assertMayNameDeputy(auth.user.id, auth.user.id, input.deputyId, ip ?? null);
    return this.delegation.create({ ...input, principalId: auth.user.id, source, createdBy: auth.user.id });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of my substitutions (404 for anyone else’s)' })
  @Access.object('own-substitution', 'id', 'revoke')
  async revoke(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.delegation.revoke(idParam(id), auth.user.id, auth.user.id);
  }
}
