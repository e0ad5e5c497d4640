import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { VitalsService } from '@agendy/server/feature-health';
import { registerVitalsMetrics } from './vitals-metrics';

/**
 * What an operator watches: request latency per route, queue depth and failures per queue, how
 * far the outbox lags behind, how busy the database pool is, stuck transactions and the health
 * verdict. One registry per app instance (not prom-client's global one), so two apps in one test
 * process never clash.
 *
 * Everything but the HTTP figures comes from VitalsService — the same measurements /api/health
 * decides on, read when Prometheus scrapes (never on a timer of our own) through the health
 * probe's own connection, so a scrape still answers while the application pool is exhausted.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly httpErrors: Counter<'method' | 'route' | 'status'>;

  constructor(vitals: VitalsService) {
    this.registry.setDefaultLabels({ service: 'api' });
    collectDefaultMetrics({ register: this.registry, prefix: 'agendy_' });
    this.httpDuration = new Histogram({
      name: 'agendy_http_request_duration_seconds',
      help: 'HTTP request latency by route template, method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.httpErrors = new Counter({
      name: 'agendy_http_server_errors_total',
      help: 'Answers with a 5xx status (a 500 is always a bug; 503 an outage)',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    registerVitalsMetrics(this.registry, vitals);
  }

  /** Records one answered request; `route` is the template (/api/v1/requests/:id), never the raw URL. */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
    if (status >= 500) this.httpErrors.inc({ method, route, status: String(status) });
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}
