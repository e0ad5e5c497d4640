import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import { z } from 'zod';
import { parseBody } from '@agendy/server/core';
import type { OtpEnrolmentResponse } from '@agendy/shared/contracts';
import { Auth, AuthContext } from '../auth-context';
import { TotpService } from './totp.service';

const codeSchema = z.strictObject({ otp: z.string().trim().regex(/^\d{6}$/) });

@ApiTags('auth')
@Controller('v1/me/otp')
export class OtpController {
  constructor(private readonly totp: TotpService) {}

  @Post('enrolment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start TOTP enrolment (local accounts and admins): a new secret, inactive until confirmed' })
  @Access.signedIn('the caller’s own second factor')
  enrol(@Auth() auth: AuthContext): Promise<OtpEnrolmentResponse> {
    return this.totp.beginEnrolment(auth.user);
  }

  @Post('enrolment/confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm enrolment with a first code; from now on every login needs `otp`' })
  @ApiBody({ schema: z.toJSONSchema(codeSchema) as object })
  @Access.signedIn('the caller’s own second factor')
  async confirm(@Auth() auth: AuthContext, @Body() body: unknown): Promise<void> {
    await this.totp.confirmEnrolment(auth.user, parseBody(codeSchema, body).otp);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn the second factor off (needs a current code)' })
  @ApiBody({ schema: z.toJSONSchema(codeSchema) as object })
  @Access.signedIn('the caller’s own second factor')
  async disable(@Auth() auth: AuthContext, @Body() body: unknown): Promise<void> {
    await this.totp.disable(auth.user, parseBody(codeSchema, body).otp);
  }
}
