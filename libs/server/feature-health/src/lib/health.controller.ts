import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HealthResponse } from '@agendy/shared/contracts';
import { AGENDY_VERSION } from '@agendy/server/core';
import { Access } from '@agendy/server/authority';
import { HealthService } from './health.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Access.public('probes of the proxy and the orchestrator')
  @Get()
  @ApiOperation({
    summary:
      'Liveness and readiness: 200 ok; 200 degraded with reasons (Redis down, no worker heartbeat, pool exhausted, a transaction idle or waiting on a lock too long); 503 only without PostgreSQL',
  })
  async get(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const result = await this.health.check(AGENDY_VERSION);
    res.status(result.status === 'down' ? 503 : 200).setHeader('Cache-Control', 'no-store');
    return result;
  }
}
