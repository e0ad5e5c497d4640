import { Module } from '@nestjs/common';

/** Operations over HTTP: Prometheus metrics, the admin queue dashboard (issue 12). */
@Module({})
export class OpsModule {}

/** The worker's part of operations (e.g. sealing the daily audit-chain head). */
@Module({})
export class OpsJobsModule {}
