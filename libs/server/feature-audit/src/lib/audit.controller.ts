import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { AuditVerifyResponse } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import { verifyAuditChain } from './audit-verifier';

const VERIFIERS = ['auditor', 'system-admin'];

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly ds: DataSource) {}

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the audit hash chain and name the first broken row (auditors, administrators)' })
  async verify(@Auth() auth: AuthContext): Promise<AuditVerifyResponse> {
    if (!auth.user.roles.some((r) => VERIFIERS.includes(r))) throw new DomainException('FORBIDDEN');
    return verifyAuditChain(this.ds);
  }
}
