import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AgendaDetail, AgendaListResponse, AgendaVersionInfo, AgendaVersionListResponse } from '@agendy/shared/contracts';
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

@ApiTags('admin')
@Controller('v1/admin/agendas')
export class AdminAgendasController {
  constructor(
    private readonly agendas: AgendasService,
    private readonly currentUser: CurrentUser,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Import a definition (*.agenda.json) as a new draft version; 400 lists every problem' })
  async import(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<AgendaVersionInfo> {
    return this.agendas.import(await this.currentUser.facts(auth), body, { ip: req.ip ?? null });
  }

  @Get(':code/versions')
  @ApiOperation({ summary: 'All stored versions of an agenda' })
  async versions(@Auth() auth: AuthContext, @Param('code') code: string): Promise<AgendaVersionListResponse> {
    return { items: await this.agendas.versions(await this.currentUser.facts(auth), agendaCodeParam(code)) };
  }

  @Post(':code/versions/:version/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a version: new requests are filed under it, running ones stay on theirs' })
  async publish(@Auth() auth: AuthContext, @Param('code') code: string, @Param('version') version: string, @Req() req: Request): Promise<AgendaVersionInfo> {
    return this.agendas.publish(await this.currentUser.facts(auth), agendaCodeParam(code), positiveIntParam(version), { ip: req.ip ?? null });
  }
}
