import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { idParam } from '../access/params';
import { RequireAdmin } from '../access/require-roles';
import { returnedRows } from '../access/sql';
import { IdentityAuditHub } from '../audit/identity-audit';
import { Auth, AuthContext } from '../auth-context';

/**
 * A lost phone (or a secret sealed under a replaced SIGNING_KEK) locks its owner out: disabling the
 * factor needs a code. A system administrator removes it instead; the person logs in with the
 * password and may enrol again. Audited.
 */
@ApiTags('admin')
@RequireAdmin('second-factors')
@Controller('v1/admin/users')
export class SecondFactorsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: IdentityAuditHub,
  ) {}

  @Delete(':id/otp')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove a user's TOTP second factor (system administrators); 404 when the user has none" })
  async reset(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    const rows = returnedRows(await this.db.query(`DELETE FROM user_totp WHERE user_id = $1 RETURNING user_id`, [idParam(id)]));
    if (!rows.length) throw new DomainException('NOT_FOUND');
    await this.audit.record({ type: 'otp.reset', actorId: auth.user.id, subjectId: id });
  }
}
