import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
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
  @Access.signedIn('published agendas, filtered to those the caller may file')
  async list(@Auth() auth: AuthContext): Promise<AgendaListResponse> {
    return { items: await this.agendas.fileable(await this.currentUser.facts(auth)) };
  }

  @Get(':code')
  @ApiOperation({ summary: 'The published version of an agenda: form schema, UI hints, states and steps' })
  @Access.signedIn('the published version of an agenda: every employee reads it')
  detail(@Param('code') code: string): Promise<AgendaDetail> {
    return this.agendas.published(agendaCodeParam(code));
  }

  @Get(':code/versions/:version')
  @ApiOperation({ summary: 'One version of an agenda (the one a running request was filed under)' })
  @Access.signedIn('published and retired versions for everyone; drafts only for the agenda’s administrators (404 otherwise, decided with rules/agenda.ts)')
  async version(@Auth() auth: AuthContext, @Param('code') code: string, @Param('version') version: string): Promise<AgendaDetail> {
    return this.agendas.version(await this.currentUser.facts(auth), agendaCodeParam(code), positiveIntParam(version));
  }
}
