import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuditSealHandler } from './seal/audit-seal.handler';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';

/**
 * Operations over HTTP: Prometheus metrics at /api/metrics; the queue dashboard is plain Express
 * and is mounted by the api's create-app (mountQueueDashboard) after Nest has built the app.
 */
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, HttpMetricsMiddleware],
  exports: [MetricsService],
})
export class OpsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}

/** The worker's part of operations: sealing the daily audit-chain head. */
@Module({ providers: [AuditSealHandler] })
export class OpsJobsModule {}
