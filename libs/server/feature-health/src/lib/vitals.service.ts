import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@agendy/server/core';
import { JobProducer, QUEUES, type QueueName } from '@agendy/server/queue';
import { DATABASE_VITALS_SQL, OUTBOX_VITALS_SQL, parseDatabaseVitals, parseOutboxVitals, type DatabaseVitalsRow, type OutboxVitals } from './database-vitals';
import { decideHealth, type DatabaseReading, type HealthAssessment, type PoolReading } from './health-decision';
import { healthLimits, type HealthLimits } from './limits';
import { NO_PRESSURE, pressureDurations, sampleEveryMs, trackPool, type PoolPressure, type PoolSample } from './pool-pressure';
import { ProbeConnection } from './probe-connection';
import { singleFlight } from './single-flight';
import { shortError, timedCheck, withTimeout } from './timed-check';

/** The pg Pool behind TypeORM's postgres driver; its counters are node-postgres' public API. */
interface PgPoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

export const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;
export type JobState = (typeof JOB_STATES)[number];
export interface QueueVitals {
  queue: QueueName;
  /** null: Redis did not answer in time. */
  counts: Record<JobState, number> | null;
}

/**
 * The one place that measures the system for /api/health and /api/metrics: the application pool
 * (sampled continuously, because "waiters persist" is a statement about time), PostgreSQL's view
 * of every Agendy session, the worker heartbeat, Redis, the queues and the outbox.
 *
 * Every database question goes through the probe's own connection, never the application pool;
 * every read is bounded by HEALTH_CHECK_TIMEOUT_MS and shared by concurrent callers.
 */
@Injectable()
export class VitalsService implements OnModuleInit, OnModuleDestroy {
  readonly limits: HealthLimits;
  private readonly probe: ProbeConnection;
  private readonly logger = new Logger('Health');
  private pressure: PoolPressure = NO_PRESSURE;
  private sampler: NodeJS.Timeout | undefined;
  private lastReported = '';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limits = healthLimits(config);
    this.probe = new ProbeConnection(config.database.url, this.limits.checkTimeoutMs);
  }

  onModuleInit(): void {
    // A background sample, not only at probe time: waiters that come and go between two health
    // calls must not look continuous, and a stretch must be seen even if nobody asks.
    this.sampler = setInterval(() => this.pool(), sampleEveryMs(this.limits.poolWaitMs));
    this.sampler.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sampler);
    await this.probe.end();
  }

  /** The application pool now, and how long it has been under pressure (null before the pool exists). */
  pool(): PoolReading | null {
    const sample = this.samplePool();
    if (!sample) return null;
    const now = Date.now();
    this.pressure = trackPool(this.pressure, sample, now);
    return { ...sample, ...pressureDurations(this.pressure, now) };
  }

  /** PostgreSQL through the probe connection: reachable, and what its sessions are doing. */
  readonly database = singleFlight(async (): Promise<DatabaseReading> => {
    const t0 = performance.now();
    try {
      const rows = await withTimeout(() => this.probe.query<DatabaseVitalsRow>(DATABASE_VITALS_SQL), this.limits.checkTimeoutMs);
      return { status: 'up', latencyMs: Math.round((performance.now() - t0) * 10) / 10, vitals: parseDatabaseVitals(rows[0]) };
    } catch (err) {
      return { status: 'down', error: shortError(err) };
    }
  });

  /** The health verdict; logs each change of it once (an operator reading logs sees when and why). */
  readonly assess = singleFlight(async (): Promise<HealthAssessment> => {
    const [database, redis] = await Promise.all([this.database(), timedCheck(() => this.producer.redis.ping(), this.limits.checkTimeoutMs)]);
    const verdict = decideHealth({ database, redis, pool: this.pool() }, this.limits);
    this.report(verdict);
    return verdict;
  });

  /** null: the database did not answer in time. */
  readonly outbox = singleFlight(async (): Promise<OutboxVitals | null> => {
    try {
      const rows = await withTimeout(() => this.probe.query(OUTBOX_VITALS_SQL), this.limits.checkTimeoutMs);
      return parseOutboxVitals(rows[0]);
    } catch {
      return null;
    }
  });

  /** BullMQ's job counts per queue and state. */
  readonly queues = singleFlight(
    (): Promise<QueueVitals[]> =>
      Promise.all(
        QUEUES.map(async (queue): Promise<QueueVitals> => {
          try {
            const counts = await withTimeout(() => this.producer.queue(queue).getJobCounts(...JOB_STATES), this.limits.checkTimeoutMs);
            return { queue, counts: Object.fromEntries(JOB_STATES.map((s) => [s, counts[s] ?? 0])) as Record<JobState, number> };
          } catch {
            return { queue, counts: null };
          }
        }),
      ),
  );

  private samplePool(): PoolSample | null {
    const master = (this.db.driver as unknown as { master?: PgPoolCounters }).master;
    if (!master) return null;
    return { total: master.totalCount, idle: master.idleCount, waiting: master.waitingCount, max: master.options?.max ?? 0 };
  }

  private report(verdict: HealthAssessment): void {
    const c = verdict.checks;
    const key = [verdict.status, c.database.status, c.redis.status, c.worker.status, c.pool.status, c.transactions.status].join('|');
    if (key === this.lastReported) return;
    this.lastReported = key;
    if (verdict.status === 'ok') this.logger.log('Health ok');
    else this.logger.warn({ reasons: verdict.reasons }, `Health ${verdict.status}`);
  }
}
