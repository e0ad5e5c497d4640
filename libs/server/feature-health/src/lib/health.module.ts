import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { VitalsService } from './vitals.service';

/**
 * /api/health, and the VitalsService that /api/metrics (feature-ops) reads the same measurements
 * from. Global so that there is exactly one VitalsService — one probe connection, one pool
 * sampler — in the api, whoever needs it.
 */
@Global()
@Module({ controllers: [HealthController], providers: [HealthService, VitalsService], exports: [VitalsService] })
export class HealthModule {}
