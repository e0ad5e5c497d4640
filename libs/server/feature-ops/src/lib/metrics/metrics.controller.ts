import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { Access, ADMIN_AREAS } from '@agendy/server/authority';
import type { RequestWithAuth } from '@agendy/server/feature-identity';
import { assertOpsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';

@ApiTags('operations-admin')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** No session needed when Prometheus' bearer token stands in for one (assertOpsAccess checks it). */
  @Access.tokenOrRoles('Prometheus scrapes with Authorization: Bearer METRICS_TOKEN, checked by assertOpsAccess', ...ADMIN_AREAS.operations)
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text format): Bearer METRICS_TOKEN or a system administrator session' })
  async scrape(@Req() req: RequestWithAuth, @Res({ passthrough: true }) res: Response): Promise<string> {
    assertOpsAccess(req, this.config);
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return this.metrics.registry.metrics();
  }
}
