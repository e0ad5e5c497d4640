import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import type { Request } from 'express';
import type { BulkTransitionResponse, TaskListResponse } from '@agendy/shared/contracts';
import { DomainException, parseBody } from '@agendy/server/core';
import { CurrentUser } from '@agendy/server/feature-agendas';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import { BulkTransitions } from './bulk-transitions.service';
import { bulkTransitionSchema, listTasksSchema } from './request-schemas';
import { isUuid } from './request-visibility';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@Controller('v1/tasks')
export class TasksController {
  constructor(
    private readonly currentUser: CurrentUser,
    private readonly tasks: TasksService,
    private readonly bulk: BulkTransitions,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My inbox: tasks assigned to me, my roles, departments I head and people I stand in for' })
  @Access.signedIn('the caller’s own inbox: tasks of their keys and of the people they stand in for')
  async inbox(@Auth() auth: AuthContext, @Query() query: unknown): Promise<TaskListResponse> {
    return this.tasks.inbox(await this.currentUser.facts(auth), parseBody(listTasksSchema, query));
  }

  @Post('bulk-transition')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bulk approval: the same step on each selected request, each with its own lock and expectedVersion; a result per request' })
  @Access.signedIn('each request is checked like a single step (404 / 403 per item in the result)')
  async bulkTransition(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<BulkTransitionResponse> {
    const input = parseBody(bulkTransitionSchema, body);
    return this.bulk.apply(await this.currentUser.facts(auth), input, { ip: req.ip ?? null });
  }

  @Post(':id/claim')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a task from a shared role queue (409 if a colleague has it)' })
  @Access.object('task', 'id', 'claim')
  async claim(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<void> {
    if (!isUuid(id)) throw new DomainException('NOT_FOUND');
    await this.tasks.claim(await this.currentUser.facts(auth), id, req.ip ?? null);
  }

  @Post(':id/release')
  @HttpCode(204)
  @ApiOperation({ summary: 'Give a claimed task back to the queue' })
  @Access.object('task', 'id', 'claim')
  async release(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<void> {
    if (!isUuid(id)) throw new DomainException('NOT_FOUND');
    await this.tasks.release(await this.currentUser.facts(auth), id, req.ip ?? null);
  }
}
