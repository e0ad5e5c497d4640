import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobsOptions, Queue } from 'bullmq';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { JobEvents } from './job-events';
import { JOB_QUEUE, JobName, JobPayloads, QueueName, QUEUES } from './jobs';
import { closeRedis, createRedis } from './redis';

/**
 * Every job's options: JOB_ATTEMPTS tries with exponential backoff from JOB_BACKOFF_MS (defaults 8
 * and 1 s: ~2 minutes of tries). A failed job is kept 14 days so it can be inspected; for an effect
 * the outbox removes it when it redelivers the effect (docs/runtime.md).
 */
export function jobOptions(config: AppConfig): JobsOptions {
  return {
    attempts: config.jobs.attempts,
    backoff: { type: 'exponential', delay: config.jobs.backoffMs },
    removeOnComplete: { age: 24 * 3600, count: 5000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  };
}

/** Puts jobs on the right queue with the catalogue's types; one Queue (and connection) per name. */
@Injectable()
export class JobProducer implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = createRedis(config.redis.url, 'producer');
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.config.redis.queuePrefix, defaultJobOptions: jobOptions(this.config) });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  /** `jobId` should be deterministic (e.g. the outbox row id) so a re-send is a no-op. */
  async enqueue<J extends JobName>(job: J, payload: JobPayloads[J], options: { jobId?: string; delayMs?: number } = {}): Promise<string> {
    const added = await this.queue(JOB_QUEUE[job]).add(job, payload, { jobId: options.jobId, delay: options.delayMs });
    return added.id ?? '';
  }

  /** The Redis connection shared by the producers; health checks ping it. */
  get redis(): Redis {
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    await closeRedis(this.connection);
  }
}

@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return { module: QueueModule, imports: [DiscoveryModule], providers: [JobProducer, JobEvents], exports: [JobProducer, JobEvents] };
  }
}

export { QUEUES };
