import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AgendaDetail, AgendaListResponse } from '@agendy/shared/contracts';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import { AgendasService } from './agendas.service';
import { agendaCodeParam, CurrentUser, positiveIntParam } from './current-user';

@ApiTags('agendas')
@Controller('v1/agendas')
export class AgendasController {
  constructor(
    private readonly agendas: AgendasService,
    private readonly currentUser: CurrentUser,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Published agendas the current user may file' })
  async list(@Auth() auth: AuthContext): Promise<AgendaListResponse> {
    return { items: await this.agendas.fileable(await this.currentUser.facts(auth)) };
  }

  @Get(':code')
  @ApiOperation({ summary: 'The published version of an agenda: form schema, UI hints, states and steps' })
  detail(@Param('code') code: string): Promise<AgendaDetail> {
    return this.agendas.published(agendaCodeParam(code));
  }

  @Get(':code/versions/:version')
  @ApiOperation({ summary: 'One version of an agenda (the one a running request was filed under)' })
  async version(@Auth() auth: AuthContext, @Param('code') code: string, @Param('version') version: string): Promise<AgendaDetail> {
    return this.agendas.version(await this.currentUser.facts(auth), agendaCodeParam(code), positiveIntParam(version));
  }
}
