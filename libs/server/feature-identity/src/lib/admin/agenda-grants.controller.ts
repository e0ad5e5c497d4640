import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DomainException, parseBody } from '@agendy/server/core';
import { AGENDA_GRANTS, GRANT_SUBJECT_TYPES, ROLES, type AgendaGrantEntry } from '@agendy/shared/contracts';
import { idParam } from '../access/params';
import { RequireAdmin } from '../access/require-roles';
import { IdentityAuditHub } from '../audit/identity-audit';
import { Auth, AuthContext } from '../auth-context';
import { returnedRows } from '../access/sql';

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

type Row = { id: string; subject_type: AgendaGrantEntry['subjectType']; subject: string; agenda_code: string; grant: AgendaGrantEntry['grant'] };
const toEntry = (r: Row): AgendaGrantEntry => ({ id: r.id, subjectType: r.subject_type, subject: r.subject, agendaCode: r.agenda_code, grant: r.grant });

/** Per-agenda grants: who are the officers, admins and auditors of an agenda. */
@ApiTags('admin')
@RequireAdmin('agenda-grants')
@Controller('v1/admin/agenda-grants')
export class AgendaGrantsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: IdentityAuditHub,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Agenda grants, optionally of one agenda' })
  @ApiQuery({ name: 'agendaCode', required: false })
  async list(@Query('agendaCode') agendaCode?: string): Promise<AgendaGrantEntry[]> {
    const rows: Row[] = await this.db.query(`SELECT id, subject_type, subject, agenda_code, "grant" FROM agenda_grants WHERE ($1::text IS NULL OR agenda_code = $1) ORDER BY agenda_code, "grant", subject`, [agendaCode ?? null]);
    return rows.map(toEntry);
  }

  @Post()
  @ApiOperation({ summary: 'Grant officer/admin/auditor on an agenda to a user, a role or a directory group' })
  @ApiBody({ schema: z.toJSONSchema(grantSchema) as object })
  async create(@Auth() auth: AuthContext, @Body() body: unknown): Promise<AgendaGrantEntry> {
    const g = parseBody(grantSchema, body);
    if (g.subjectType === 'user') {
      const found: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1`, [g.subject]);
      if (!found.length) throw new DomainException('VALIDATION_FAILED', 'No such user', { errors: [{ pointer: '/subject', rule: 'exists', message: { cs: 'Uživatel neexistuje.', en: 'No such user.' } }] });
    }
    const rows: Row[] = await this.db.query(
      `INSERT INTO agenda_grants (subject_type, subject, agenda_code, "grant", created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id, subject_type, subject, agenda_code, "grant"`,
      [g.subjectType, g.subject, g.agendaCode, g.grant, auth.user.id],
    );
    if (!rows[0]) throw new DomainException('CONFLICT', 'This grant exists already');
    await this.audit.record({ type: 'agenda-grant.created', actorId: auth.user.id, subjectId: rows[0].id, data: g });
    return toEntry(rows[0]);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw a grant' })
  async remove(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    const rows = returnedRows(await this.db.query(`DELETE FROM agenda_grants WHERE id = $1 RETURNING id`, [idParam(id)]));
    if (!rows.length) throw new DomainException('NOT_FOUND');
    await this.audit.record({ type: 'agenda-grant.deleted', actorId: auth.user.id, subjectId: id });
  }
}
