import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import type { Request } from 'express';
import type { MigrateRequestsResponse } from '@agendy/shared/contracts';
import { agendaCodeParam, CurrentUser } from '@agendy/server/feature-agendas';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import { RequestMigrations } from './request-migrations.service';

/** The designer's "migrate running requests" (docs/designer.md); served here because it writes requests (ADR 0004). */
@ApiTags('admin')
@Controller('v1/admin/agendas')
export class RequestMigrationsController {
  constructor(
    private readonly migrations: RequestMigrations,
    private readonly currentUser: CurrentUser,
  ) {}

  @Post(':code/migrate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move chosen running requests to the published version with a state mapping; refusals list reasons' })
  @Access.object('agenda', 'code', 'administer')
  async migrate(@Auth() auth: AuthContext, @Param('code') code: string, @Body() body: unknown, @Req() req: Request): Promise<MigrateRequestsResponse> {
    return this.migrations.migrate(await this.currentUser.facts(auth), agendaCodeParam(code), body, { ip: req.ip ?? null });
  }
}
