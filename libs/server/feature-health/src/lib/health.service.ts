import { Injectable } from '@nestjs/common';
import type { HealthResponse } from '@agendy/shared/contracts';
import { VitalsService } from './vitals.service';

const startedAt = Date.now();

@Injectable()
export class HealthService {
  constructor(private readonly vitals: VitalsService) {}

  async check(version: string): Promise<HealthResponse> {
    const { status, reasons, checks } = await this.vitals.assess();
    return { status, version, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), reasons, checks };
  }
}
