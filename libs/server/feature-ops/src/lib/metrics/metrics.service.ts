import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { JobProducer, QUEUES } from '@agendy/server/queue';

/** The pg Pool behind TypeORM's postgres driver (its counters are public API of node-postgres). */
interface PgPoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

/**
 * What an operator watches: request latency per route, queue depth and failures per queue, how
 * far the outbox lags behind, and how busy the database pool is. One registry per app instance
 * (not prom-client's global one), so two apps in one test process never clash.
 * Queue and outbox figures are read when Prometheus scrapes, never on a timer.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly httpErrors: Counter<'method' | 'route' | 'status'>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: JobProducer,
  ) {
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

    const jobs = this.producer;
    new Gauge({
      name: 'agendy_queue_jobs',
      help: 'Jobs per queue and state (BullMQ); "failed" are jobs that used up their attempts',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          QUEUES.map(async (queue) => {
            const counts = await jobs
              .queue(queue)
              .getJobCounts(...JOB_STATES)
              .catch(() => undefined);
            if (!counts) return;
            for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
          }),
        );
      },
    });

    const sql = this.db;
    new Gauge({
      name: 'agendy_outbox_lag_seconds',
      help: 'Age of the oldest due effect not yet processed (0 when the outbox is drained)',
      registers: [this.registry],
      async collect() {
        const rows: Array<{ lag: number | null }> = await sql
          .query(`SELECT EXTRACT(EPOCH FROM now() - min(available_at))::float AS lag FROM outbox WHERE processed_at IS NULL AND job IS NOT NULL AND available_at <= now()`)
          .catch(() => [{ lag: null }]);
        this.set(Math.max(0, Number(rows[0]?.lag ?? 0)));
      },
    });
    new Gauge({
      name: 'agendy_outbox_pending',
      help: 'Effects waiting in the outbox, by stage: "unrelayed" not yet on BullMQ, "unprocessed" relayed but not done',
      labelNames: ['stage'],
      registers: [this.registry],
      async collect() {
        const rows: Array<{ unrelayed: number; unprocessed: number }> = await sql
          .query(
            `SELECT count(*) FILTER (WHERE relayed_at IS NULL)::int AS unrelayed, count(*) FILTER (WHERE relayed_at IS NOT NULL)::int AS unprocessed
             FROM outbox WHERE processed_at IS NULL AND job IS NOT NULL`,
          )
          .catch(() => []);
        if (!rows[0]) return;
        this.set({ stage: 'unrelayed' }, rows[0].unrelayed);
        this.set({ stage: 'unprocessed' }, rows[0].unprocessed);
      },
    });

    const pool = () => (this.db.driver as unknown as { master?: PgPoolCounters }).master;
    new Gauge({
      name: 'agendy_db_pool_connections',
      help: 'PostgreSQL pool of this process: "total" open, "idle", "waiting" callers, "max" configured',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const p = pool();
        if (!p) return;
        this.set({ state: 'total' }, p.totalCount);
        this.set({ state: 'idle' }, p.idleCount);
        this.set({ state: 'waiting' }, p.waitingCount);
        this.set({ state: 'max' }, p.options?.max ?? 0);
      },
    });
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
