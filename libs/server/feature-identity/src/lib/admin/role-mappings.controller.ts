import { Body, Controller, Delete, Get, HttpCode, Inject, Ip, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { APP_CONFIG, AppConfig, DomainException, parseBody } from '@agendy/server/core';
import { ROLES, type Role, type RoleMapping } from '@agendy/shared/contracts';
import { idParam } from '../access/params';
import { Access } from '@agendy/server/authority';
import { IdentityAuditHub } from '../audit/identity-audit';
import { Auth, AuthContext } from '../auth-context';
import { returnedRows } from '../access/sql';
import { SeparationOfDuties } from '../policy/separation-of-duties.service';

const mappingSchema = z.strictObject({ group: z.string().trim().min(1).max(500), role: z.enum(ROLES) });

/**
 * Directory group → role. LDAP_ROLE_MAP entries are listed read-only; the ones kept here are
 * editable and apply from each user's next login or directory re-check. A system administrator
 * never maps a group they are in (ADR 0004: nobody grants themselves anything).
 */
@ApiTags('admin')
@Access.admin('role-mappings')
@Controller('v1/admin/role-mappings')
export class RoleMappingsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: IdentityAuditHub,
    private readonly duties: SeparationOfDuties,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Group to role mappings from LDAP_ROLE_MAP (read-only) and the database' })
  async list(): Promise<RoleMapping[]> {
    const rows: Array<{ id: string; group_name: string; role: Role }> = await this.db.query(`SELECT id, group_name, role FROM role_mappings ORDER BY lower(group_name), role`);
    const env: RoleMapping[] = (this.config.auth.ldap?.roleMap ?? []).map((m) => ({ id: null, group: m.group, role: m.role, source: 'env' }));
    return [...env, ...rows.map((r): RoleMapping => ({ id: r.id, group: r.group_name, role: r.role, source: 'database' }))];
  }

  @Post()
  @ApiOperation({ summary: 'Map a directory group (name or DN) to a role; 403 SELF_GRANT_FORBIDDEN for a group the caller is in' })
  @ApiBody({ schema: z.toJSONSchema(mappingSchema) as object })
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Ip() ip: string): Promise<RoleMapping> {
    const input = parseBody(mappingSchema, body);
    await this.duties.assertMayMapGroup(auth.user.id, input.group, input.role, ip ?? null);
    const rows: Array<{ id: string }> = await this.db.query(`INSERT INTO role_mappings (group_name, role, created_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`, [input.group, input.role, auth.user.id]);
    if (!rows[0]) throw new DomainException('CONFLICT', 'This mapping exists already');
    await this.audit.record({ type: 'role-mapping.created', actorId: auth.user.id, subjectId: rows[0].id, data: input });
    return { id: rows[0].id, group: input.group, role: input.role, source: 'database' };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a database mapping' })
  async remove(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    const rows = returnedRows(await this.db.query(`DELETE FROM role_mappings WHERE id = $1 RETURNING id`, [idParam(id)]));
    if (!rows.length) throw new DomainException('NOT_FOUND');
    await this.audit.record({ type: 'role-mapping.deleted', actorId: auth.user.id, subjectId: id });
  }
}
