import { Body, Controller, Get, HttpCode, Ip, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseBody } from '@agendy/server/core';
import type { Department, DepartmentImportResponse } from '@agendy/shared/contracts';
import { idParam } from '../access/params';
import { Access } from '@agendy/server/authority';
import { Auth, AuthContext } from '../auth-context';
import { OrgService } from './org.service';

const departmentSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9_-]{1,20}$/),
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200).nullable().optional(),
  parentId: z.uuid().nullable().optional(),
  headUserId: z.uuid().nullable().optional(),
});
const updateSchema = departmentSchema.partial().refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });

@ApiTags('admin')
@Access.admin('departments')
@Controller('v1/admin/departments')
export class DepartmentsController {
  constructor(private readonly org: OrgService) {}

  @Get()
  @ApiOperation({ summary: 'Departments (odbory) and sections (oddělení) with their heads' })
  list(): Promise<Department[]> {
    return this.org.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One department or section' })
  get(@Param('id') id: string): Promise<Department> {
    return this.org.get(idParam(id));
  }

  @Post()
  @ApiOperation({ summary: 'Create a department (no parentId) or a section (parentId of a department); never headed by the caller or placed under a department the caller heads (403 SELF_GRANT_FORBIDDEN)' })
  @ApiBody({ schema: z.toJSONSchema(departmentSchema) as object })
  create(@Auth() auth: AuthContext, @Body() body: unknown, @Ip() ip: string): Promise<Department> {
    return this.org.create(parseBody(departmentSchema, body), auth.user.id, ip ?? null);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit code, names, parent or head; never making the caller the head or placing it under a department the caller heads (403 SELF_GRANT_FORBIDDEN)' })
  @ApiBody({ schema: z.toJSONSchema(departmentSchema.partial()) as object })
  async update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Ip() ip: string): Promise<Department> {
    const depId = idParam(id);
    return this.org.update(depId, parseBody(updateSchema, body), auth.user.id, ip ?? null);
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import departments, sections and heads from the directory (LDAP_ORG_SEARCH_BASE)' })
  import(@Auth() auth: AuthContext): Promise<DepartmentImportResponse> {
    return this.org.importFromDirectory(auth.user.id);
  }
}
