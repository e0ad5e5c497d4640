import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { Public, type RequestWithAuth } from '@agendy/server/feature-identity';
import { assertOpsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';

@ApiTags('operations-admin')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Public for the session guard so that Prometheus' bearer token can stand in for a session. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text format): Bearer METRICS_TOKEN or a system administrator session' })
  async scrape(@Req() req: RequestWithAuth, @Res({ passthrough: true }) res: Response): Promise<string> {
    assertOpsAccess(req, this.config);
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return this.metrics.registry.metrics();
  }
}
