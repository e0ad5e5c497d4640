import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { AuditVerifyResponse } from '@agendy/shared/contracts';
import { Access } from '@agendy/server/authority';
import { verifyAuditChain } from './audit-verifier';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly ds: DataSource) {}

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the audit hash chain and name the first broken row (auditors, administrators)' })
  @Access.admin('audit-verification')
  async verify(): Promise<AuditVerifyResponse> {
    return verifyAuditChain(this.ds);
  }
}
