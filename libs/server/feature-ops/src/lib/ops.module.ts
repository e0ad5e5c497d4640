import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { OutboxIncidentsModule } from '@agendy/server/feature-outbox';
import { NotificationsServiceModule } from '@agendy/server/feature-notifications';
import { AuditSealHandler } from './seal/audit-seal.handler';
import { IncidentAlerts } from './incidents/incident-alerts';
import { IncidentsController } from './incidents/incidents.controller';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';

/**
 * Operations over HTTP: Prometheus metrics at /api/metrics, effect incidents at
 * /api/v1/admin/incidents; the queue dashboard is plain Express and is mounted by the api's
 * create-app (mountQueueDashboard) after Nest has built the app.
 */
@Module({
  imports: [OutboxIncidentsModule],
  controllers: [MetricsController, IncidentsController],
  providers: [MetricsService, HttpMetricsMiddleware],
  exports: [MetricsService],
})
export class OpsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}

/** The worker's part of operations: sealing the daily audit-chain head; telling admins about effect incidents. */
@Module({ imports: [OutboxIncidentsModule, NotificationsServiceModule], providers: [AuditSealHandler, IncidentAlerts] })
export class OpsJobsModule {}
