import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DomainException, parseBody } from '@agendy/server/core';
import { AGENDA_GRANTS, GRANT_SUBJECT_TYPES, ROLES, type AgendaGrantEntry } from '@agendy/shared/contracts';
import { idParam } from '../access/params';
import { Auth, AuthContext } from '../auth-context';
import { AgendaGrantsService } from './agenda-grants.service';

const AGENDA_CODE = /^[a-z0-9][a-z0-9._-]{0,79}$/;
const grantSchema = z
  .strictObject({
    subjectType: z.enum(GRANT_SUBJECT_TYPES),
    subject: z.string().trim().min(1).max(500),
    agendaCode: z.string().regex(AGENDA_CODE),
    grant: z.enum(AGENDA_GRANTS),
  })
  .superRefine((v, ctx) => {
    if (v.subjectType === 'user' && !z.uuid().safeParse(v.subject).success) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'must be a user id' });
    if (v.subjectType === 'role' && !(ROLES as readonly string[]).includes(v.subject)) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'must be a role' });
  });

/**
 * Per-agenda grants: who are the officers, admins and auditors of an agenda. Case access, so
 * managed by agenda administrators only (the global agenda-admin role or the agenda's admin
 * grant), never by system administrators as such, and never to oneself (ADR 0004).
 */
@ApiTags('admin')
@ApiForbiddenResponse({ description: 'FORBIDDEN unless the user administers the agenda; SELF_GRANT_FORBIDDEN for a grant that would reach the user (audited)' })
@Controller('v1/admin/agenda-grants')
export class AgendaGrantsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly grants: AgendaGrantsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Agenda grants of the agendas the caller administers, optionally of one agenda' })
  @ApiQuery({ name: 'agendaCode', required: false })
  @Access.capability('agenda-administration')
  list(@Auth() auth: AuthContext, @Query('agendaCode') agendaCode?: string): Promise<AgendaGrantEntry[]> {
    return this.grants.list(auth.user.id, agendaCode);
  }

  @Post()
  @ApiOperation({ summary: 'Grant officer/admin/auditor on an agenda to a user, a role or a directory group (agenda administrators; never to oneself)' })
  @ApiBody({ schema: z.toJSONSchema(grantSchema) as object })
  @Access.bySeparationOfDuties('the administrators of the grant’s agenda; a grant that would reach the caller is refused and audited (SELF_GRANT_FORBIDDEN)')
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Ip() ip: string): Promise<AgendaGrantEntry> {
    const g = parseBody(grantSchema, body);
    if (g.subjectType === 'user') {
      const found: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1`, [g.subject]);
      if (!found.length) throw new DomainException('VALIDATION_FAILED', 'No such user', { errors: [{ pointer: '/subject', rule: 'exists', message: { cs: 'Uživatel neexistuje.', en: 'No such user.' } }] });
    }
    return this.grants.create(auth.user.id, g, ip ?? null);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw a grant (administrators of its agenda)' })
  @Access.object('agenda-grant', 'id', 'withdraw')
  remove(@Auth() auth: AuthContext, @Param('id') id: string, @Ip() ip: string): Promise<void> {
    return this.grants.remove(auth.user.id, idParam(id), ip ?? null);
  }
}
