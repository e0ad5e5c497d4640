import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { AgendaUsageResponse, AttachmentInfo, CommentInfo, CommentListResponse, RequestDetail, RequestListResponse } from '@agendy/shared/contracts';
import { DomainException, parseBody } from '@agendy/server/core';
import { CurrentUser, type UserFacts } from '@agendy/server/feature-agendas';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import type { WorkflowEvent } from '@agendy/workflow/engine';
import { AttachmentsService } from './attachments.service';
import { CommentsService } from './comments.service';
import { RequestQueries } from './request-queries.service';
import { RequestRuntime } from './request-runtime.service';
import { commentSchema, createRequestSchema, listRequestsSchema, transitionSchema, updateRequestSchema } from './request-schemas';
import { isUuid, RequestVisibility } from './request-visibility';

/** Ids that cannot exist answer 404 like ids the user may not see. */
function idParam(id: string): string {
  if (!isUuid(id)) throw new DomainException('NOT_FOUND');
  return id;
}

@ApiTags('requests')
@Controller('v1/requests')
export class RequestsController {
  constructor(
    private readonly currentUser: CurrentUser,
    private readonly runtime: RequestRuntime,
    private readonly queries: RequestQueries,
    private readonly comments: CommentsService,
    private readonly attachments: AttachmentsService,
    private readonly visibility: RequestVisibility,
    private readonly ds: DataSource,
  ) {}

  /** Access first, then the body: see RequestVisibility.assertVisible. */
  private async visibleTo(auth: AuthContext, id: string): Promise<UserFacts> {
    idParam(id);
    const facts = await this.currentUser.facts(auth);
    await this.visibility.assertVisible(this.ds.manager, facts, id);
    return facts;
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'File a new draft (partial data allowed) with a reference number' })
  @Access.signedIn('files a request in the caller’s own name; the agenda’s workflow decides who may file')
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<RequestDetail> {
    const input = parseBody(createRequestSchema, body);
    const facts = await this.currentUser.facts(auth);
    const { id } = await this.runtime.create(facts, input.agenda, input.data ?? {}, { ip: req.ip ?? null });
    return this.queries.detail(facts, id);
  }

  @Get()
  @ApiOperation({ summary: 'My requests, newest first (filter by agenda, state, open/closed, reference; keyset pages)' })
  @Access.signedIn('the requests the caller may see (the request rule as a list predicate)')
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<RequestListResponse> {
    return this.queries.listMine(await this.currentUser.facts(auth), parseBody(listRequestsSchema, query));
  }

  @Get('agenda-usage')
  @ApiOperation({ summary: 'The agendas I file most often (shortcuts on the home page)' })
  @Access.signedIn('the caller’s own filing counts')
  async agendaUsage(@Auth() auth: AuthContext): Promise<AgendaUsageResponse> {
    return this.queries.agendaUsage(await this.currentUser.facts(auth));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Data, state, history, documents, attachments and the steps available to me' })
  @Access.object('request', 'id', 'read')
  async detail(@Auth() auth: AuthContext, @Param('id') id: string): Promise<RequestDetail> {
    return this.queries.detail(await this.currentUser.facts(auth), idParam(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change fields editable in the current step (409 STALE if expectedVersion is old)' })
  @Access.object('request', 'id', 'work')
  async patch(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<RequestDetail> {
    const facts = await this.visibleTo(auth, id);
    const input = parseBody(updateRequestSchema, body);
    await this.runtime.patch(facts, id, input.data, input.expectedVersion, { ip: req.ip ?? null });
    return this.queries.detail(facts, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a step or cast a vote; one transaction with history, audit and outbox (409 STALE)' })
  @Access.object('request', 'id', 'work')
  async transition(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<RequestDetail> {
    const facts = await this.visibleTo(auth, id);
    const input = parseBody(transitionSchema, body);
    const comment = input.comment?.trim() ? { comment: input.comment } : {};
    let event: WorkflowEvent;
    if (input.kind === 'vote') {
      if (input.transition !== 'approve' && input.transition !== 'reject') {
        throw new DomainException('VALIDATION_FAILED', 'A vote is approve or reject', { errors: [{ pointer: '/transition', rule: 'enum', message: { cs: 'Hlas je approve nebo reject.', en: 'A vote is approve or reject.' } }] });
      }
      event = { type: 'vote', vote: input.transition, expectedVersion: input.expectedVersion, ...comment };
    } else {
      event = { type: 'transition', name: input.transition, expectedVersion: input.expectedVersion, ...(input.data ? { data: input.data } : {}), ...comment };
    }
    await this.runtime.apply(facts, id, event, { ip: req.ip ?? null });
    return this.queries.detail(facts, id);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: 'Comments on the request' })
  @Access.object('comment', 'id', 'list')
  async listComments(@Auth() auth: AuthContext, @Param('id') id: string): Promise<CommentListResponse> {
    return { items: await this.comments.list(await this.currentUser.facts(auth), idParam(id)) };
  }

  @Post(':id/comments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Comment on the request (everyone who sees it may)' })
  @Access.object('comment', 'id', 'add')
  async addComment(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<CommentInfo> {
    const facts = await this.visibleTo(auth, id);
    const input = parseBody(commentSchema, body);
    return this.comments.add(facts, id, input.body, req.ip ?? null);
  }

  @Post(':id/attachments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Upload a file as the raw body, its name in ?filename= (413 too large, 415 type not allowed)' })
  @Access.object('request', 'id', 'work')
  async upload(@Auth() auth: AuthContext, @Param('id') id: string, @Query('filename') filename: unknown, @Req() req: Request): Promise<AttachmentInfo> {
    idParam(id);
    const facts = await this.currentUser.facts(auth);
    return this.attachments.upload(facts, id, typeof filename === 'string' ? filename : '', req, req.ip ?? null);
  }

  @Get(':id/attachments/:fileId')
  @ApiOperation({ summary: 'Download an attachment (same visibility as the request; audited)' })
  @Access.object('attachment', 'fileId', 'download')
  async download(@Auth() auth: AuthContext, @Param('id') id: string, @Param('fileId') fileId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    idParam(id);
    idParam(fileId);
    const file = await this.attachments.open(await this.currentUser.facts(auth), id, fileId, req.ip ?? null);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(file.stream, { type: file.mediaType, length: file.size });
  }
}
