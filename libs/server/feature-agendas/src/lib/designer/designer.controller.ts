import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import type { Request, Response } from 'express';
import type {
  AgendaVacanciesResponse,
  AgendaVersionInfo,
  DefinitionDiff,
  DesignerAgendaListResponse,
  DesignerGrantsResponse,
  DesignerRunningRequestsResponse,
  DesignerValidationResponse,
  DesignerVersion,
  PublishAgendaResponse,
  SimulationResponse,
} from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { agendaCodeParam, CurrentUser, positiveIntParam } from '../current-user';
import { DesignerService } from './designer.service';

/** The agenda designer's endpoints (docs/designer.md). Every change is audited; see DesignerService for who may do what. */
@ApiTags('admin')
@Controller('v1/admin/agendas')
export class DesignerController {
  constructor(
    private readonly designer: DesignerService,
    private readonly currentUser: CurrentUser,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Agendas the user administers, with their versions and running requests per version' })
  @Access.capability('agenda-administration')
  async list(@Auth() auth: AuthContext): Promise<DesignerAgendaListResponse> {
    return this.designer.list(await this.currentUser.facts(auth));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Import a definition (*.agenda.json) as a draft; ?renumber=true files it as the next version; 400 lists every problem' })
  @Access.capability('agenda-administration')
  async import(@Auth() auth: AuthContext, @Body() body: unknown, @Query('renumber') renumber: string | undefined, @Req() req: Request): Promise<AgendaVersionInfo> {
    return this.designer.import(await this.currentUser.facts(auth), body, renumber === 'true', client(req));
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a definition without storing it: every problem with its place' })
  @Access.capability('agenda-administration')
  async validate(@Auth() auth: AuthContext, @Body() body: unknown): Promise<DesignerValidationResponse> {
    return this.designer.validate(await this.currentUser.facts(auth), body);
  }

  @Post('simulate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a definition through the engine with a scenario (people, data, steps); creates no requests' })
  @Access.capability('agenda-administration')
  async simulate(@Auth() auth: AuthContext, @Body() body: unknown): Promise<SimulationResponse> {
    return this.designer.simulate(await this.currentUser.facts(auth), body);
  }

  @Get(':code/versions')
  @ApiOperation({ summary: 'All stored versions of an agenda with the number of running requests on each' })
  @Access.object('agenda', 'code', 'administer')
  async versions(@Auth() auth: AuthContext, @Param('code') code: string): Promise<{ items: DesignerVersion[] }> {
    return { items: await this.designer.versions(await this.currentUser.facts(auth), agendaCodeParam(code)) };
  }

  @Get(':code/versions/:version/definition')
  @ApiOperation({ summary: 'The definition document of a version; ?download=true answers it as a file (export)' })
  @Access.object('agenda', 'code', 'administer')
  async definition(
    @Auth() auth: AuthContext,
    @Param('code') code: string,
    @Param('version') version: string,
    @Query('download') download: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgendaDefinition> {
    const definition = await this.designer.definition(await this.currentUser.facts(auth), agendaCodeParam(code), positiveIntParam(version));
    if (download === 'true') res.setHeader('Content-Disposition', `attachment; filename="${definition.code}.v${definition.version}.agenda.json"`);
    return definition;
  }

  @Post(':code/drafts')
  @HttpCode(201)
  @ApiOperation({ summary: 'Start a new draft copied from a version (the newest by default)' })
  @Access.object('agenda', 'code', 'administer')
  async createDraft(@Auth() auth: AuthContext, @Param('code') code: string, @Body() body: { from?: unknown } | undefined, @Req() req: Request): Promise<AgendaVersionInfo> {
    const from = body?.from;
    if (from !== undefined && (typeof from !== 'number' || !Number.isSafeInteger(from) || from < 1)) {
      throw new DomainException('VALIDATION_FAILED', 'from must be a version number', { errors: [{ pointer: '/from', rule: 'INVALID', message: { cs: 'číslo verze', en: 'a version number' } }] });
    }
    return this.designer.createDraft(await this.currentUser.facts(auth), agendaCodeParam(code), from as number | undefined, client(req));
  }

  @Put(':code/versions/:version')
  @ApiOperation({ summary: 'Replace a draft with an edited definition (validated; only drafts change)' })
  @Access.object('agenda', 'code', 'administer')
  async saveDraft(@Auth() auth: AuthContext, @Param('code') code: string, @Param('version') version: string, @Body() body: unknown, @Req() req: Request): Promise<AgendaVersionInfo> {
    return this.designer.saveDraft(await this.currentUser.facts(auth), agendaCodeParam(code), positiveIntParam(version), body, client(req));
  }

  @Delete(':code/versions/:version')
  @HttpCode(204)
  @ApiOperation({ summary: 'Discard a draft' })
  @Access.object('agenda', 'code', 'administer')
  async discard(@Auth() auth: AuthContext, @Param('code') code: string, @Param('version') version: string, @Req() req: Request): Promise<void> {
    await this.designer.discardDraft(await this.currentUser.facts(auth), agendaCodeParam(code), positiveIntParam(version), client(req));
  }

  @Post(':code/versions/:version/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a version: new requests are filed under it, running ones stay on theirs',
    description: '`directoryWarnings` lists every party of every state that resolves to nobody in the current directory (issue 19).',
  })
  @Access.object('agenda', 'code', 'administer')
  async publish(@Auth() auth: AuthContext, @Param('code') code: string, @Param('version') version: string, @Req() req: Request): Promise<PublishAgendaResponse> {
    return this.designer.publish(await this.currentUser.facts(auth), agendaCodeParam(code), positiveIntParam(version), client(req));
  }

  @Post(':code/retire')
  @HttpCode(204)
  @ApiOperation({ summary: 'Retire an agenda: nothing new is filed, running requests finish on their version' })
  @Access.object('agenda', 'code', 'administer')
  async retire(@Auth() auth: AuthContext, @Param('code') code: string, @Req() req: Request): Promise<void> {
    await this.designer.retire(await this.currentUser.facts(auth), agendaCodeParam(code), client(req));
  }

  @Get(':code/diff')
  @ApiOperation({ summary: 'What changed in form and workflow between two versions' })
  @Access.object('agenda', 'code', 'administer')
  async diff(@Auth() auth: AuthContext, @Param('code') code: string, @Query('from') from: string, @Query('to') to: string): Promise<DefinitionDiff> {
    // Access before the query: someone who may not administer the agenda learns nothing from a 400.
    const facts = await this.currentUser.facts(auth);
    this.designer.requireAdminOf(facts, agendaCodeParam(code));
    return this.designer.diff(facts, agendaCodeParam(code), versionQuery(from, 'from'), versionQuery(to, 'to'));
  }

  @Get(':code/requests')
  @ApiOperation({ summary: 'Running requests of the agenda (to choose which to migrate)' })
  @Access.object('agenda', 'code', 'administer')
  async running(@Auth() auth: AuthContext, @Param('code') code: string): Promise<DesignerRunningRequestsResponse> {
    return { items: await this.designer.running(await this.currentUser.facts(auth), agendaCodeParam(code)) };
  }

  @Get(':code/vacancies')
  @ApiOperation({
    summary: 'Work that would go to nobody: parties of the published version nobody in the directory holds, and running requests a fallback stands in on',
  })
  @Access.object('agenda', 'code', 'administer')
  async vacancies(@Auth() auth: AuthContext, @Param('code') code: string): Promise<AgendaVacanciesResponse> {
    return this.designer.vacancies(await this.currentUser.facts(auth), agendaCodeParam(code));
  }

  @Get(':code/grants')
  @ApiOperation({ summary: 'Who holds the agenda officer, admin and auditor roles of the agenda (people, groups, roles)' })
  @Access.object('agenda', 'code', 'administer')
  async grants(@Auth() auth: AuthContext, @Param('code') code: string): Promise<DesignerGrantsResponse> {
    return { items: await this.designer.grants(await this.currentUser.facts(auth), agendaCodeParam(code)) };
  }

  @Post(':code/grants')
  @HttpCode(201)
  @ApiOperation({ summary: 'Grant a role of the agenda to a person (username), a directory group or a global role' })
  @Access.bySeparationOfDuties('the agenda’s administrators; a grant that would reach the caller is refused and audited (SELF_GRANT_FORBIDDEN)')
  async addGrant(@Auth() auth: AuthContext, @Param('code') code: string, @Body() body: unknown, @Req() req: Request): Promise<DesignerGrantsResponse> {
    return { items: await this.designer.addGrant(await this.currentUser.facts(auth), agendaCodeParam(code), body, client(req)) };
  }

  @Delete(':code/grants/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a grant' })
  @Access.object('agenda', 'code', 'administer')
  async removeGrant(@Auth() auth: AuthContext, @Param('code') code: string, @Param('id') id: string, @Req() req: Request): Promise<void> {
    await this.designer.removeGrant(await this.currentUser.facts(auth), agendaCodeParam(code), id, client(req));
  }

}

function client(req: Request): { ip: string | null } {
  return { ip: req.ip ?? null };
}

function versionQuery(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!value || !/^[0-9]{1,9}$/.test(value) || n < 1) {
    throw new DomainException('VALIDATION_FAILED', `${name} must be a version number`, { errors: [{ pointer: `/${name}`, rule: 'INVALID', message: { cs: 'číslo verze', en: 'a version number' } }] });
  }
  return n;
}
