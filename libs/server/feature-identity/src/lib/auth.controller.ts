import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { MeResponse } from '@agendy/shared/contracts';
import { APP_CONFIG, AppConfig, parseBody } from '@agendy/server/core';
import { Access } from '@agendy/server/authority';
import { Auth, AuthContext } from './auth-context';
import { AuthService } from './auth.service';
import { IdentityAuditHub } from './audit/identity-audit';
import { MeService } from './me.service';
import { clearSessionCookie, sessionCookieName, setSessionCookie, setXsrfCookie } from './cookies';
import { SessionService } from './session.service';

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
  otp: z
    .string()
    .trim()
    .regex(/^\d{6}$/)
    .optional(),
});

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly meService: MeService,
    private readonly audit: IdentityAuditHub,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with a username and password (and `otp` when a second factor is enabled); sets the session and XSRF cookies' })
  @ApiBody({ schema: z.toJSONSchema(loginSchema) as object })
  @ApiResponse({ status: 200, description: 'MeResponse' })
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS (unknown user, wrong password, disabled: one answer), OTP_REQUIRED, OTP_INVALID' })
  @ApiResponse({ status: 503, description: 'SERVICE_UNAVAILABLE: the directory does not answer' })
  @ApiResponse({ status: 429, description: 'LOGIN_THROTTLED' })
  @Access.public('the login itself')
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<MeResponse> {
    const { username, password, otp } = parseBody(loginSchema, body);
    const { token, user, session } = await this.auth.login(username, password, otp, { ip: req.ip ?? 'unknown', userAgent: req.get('user-agent') ?? null });
    // Rotate: whatever session the browser had before is gone (no session fixation).
    await this.sessions.destroy((req.cookies as Record<string, string | undefined>)[sessionCookieName(this.config)]);
    setSessionCookie(res, this.config, token, session.absoluteExpiresAt);
    setXsrfCookie(res, this.config, session.csrfToken);
    return this.meService.build(user, session);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the current session' })
  @Access.signedIn('ends the caller’s own session')
  async logout(@Auth() auth: AuthContext, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.audit.record({ type: 'logout', actorId: auth.user.id, subjectId: auth.user.id, ip: req.ip ?? null });
    await this.sessions.destroy((req.cookies as Record<string, string | undefined>)[sessionCookieName(this.config)]);
    clearSessionCookie(res, this.config);
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user, department, roles, session limits, manager, active substitutions (both ways) and second-factor state' })
  @Access.signedIn('the caller’s own profile')
  me(@Auth() auth: AuthContext): Promise<MeResponse> {
    return this.meService.build(auth.user, auth.session);
  }
}
