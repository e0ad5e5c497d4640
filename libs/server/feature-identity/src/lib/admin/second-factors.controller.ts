import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { idParam } from '../access/params';
import { Access } from '@agendy/server/authority';
import { Auth, AuthContext } from '../auth-context';
import { TotpService } from '../totp/totp.service';

/**
 * A lost phone (or a secret sealed under a replaced SIGNING_KEK) locks its owner out: disabling the
 * factor needs a code. A system administrator removes it instead; the person logs in with the
 * password and may enrol again. Audited.
 */
@ApiTags('admin')
@Access.admin('second-factors')
@Controller('v1/admin/users')
export class SecondFactorsController {
  constructor(private readonly totp: TotpService) {}

  @Delete(':id/otp')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove a user's TOTP second factor (system administrators); 404 when the user has none" })
  async reset(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.totp.reset(idParam(id), auth.user.id);
  }
}
