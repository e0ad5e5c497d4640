import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { buildHandlerRegistry, DiscoveredHandler, JobHandlerFn } from './handler-registry';
import { JOB_HANDLER_METADATA } from './job-handler.decorator';
import { JobEvents } from './job-events';
import { JOB_NAMES, JOB_QUEUE, JobName, QUEUES, SCHEDULES } from './jobs';
import { JobProducer } from './queue.module';
import { closeRedis, createRedis } from './redis';

/**
 * Runs in the worker process only (see start()): finds every @JobHandler, checks the catalogue is covered
 * exactly once, starts one BullMQ Worker per queue and dispatches jobs by name.
 */
@Injectable()
export class WorkerHost implements OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHost');
  private readonly workers: Worker[] = [];
  /** BullMQ never closes a connection it was handed, so the host does. */
  private readonly connections: Redis[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly producer: JobProducer,
    private readonly events: JobEvents,
  ) {}

  discoverHandlers(): DiscoveredHandler[] {
    const found: DiscoveredHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const job = this.reflector.get<string | undefined>(JOB_HANDLER_METADATA, prototype[method]);
        if (!job) continue;
        const fn = (instance[method] as JobHandlerFn).bind(instance);
        found.push({ job, owner: `${instance.constructor.name}.${method}`, fn });
      }
    }
    return found;
  }

  /**
   * Called by the worker entry point once the context is up (not a lifecycle hook, so a refused
   * start leaves a context that can still be closed cleanly).
   */
  async start(): Promise<void> {
    if (this.workers.length > 0) return;
    const registry = buildHandlerRegistry(JOB_NAMES, this.discoverHandlers());
    for (const queue of QUEUES) {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = registry.get(job.name as JobName);
          if (!handler || JOB_QUEUE[job.name as JobName] !== queue) throw new UnrecoverableError(`No handler for job "${job.name}" on queue "${queue}"`);
          return handler.fn(job.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 });
        },
        { connection: this.connect(), prefix: this.config.redis.queuePrefix, concurrency: 4, autorun: true },
      );
      worker.on('failed', (job, err) => {
        this.logger.warn({ job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'Job failed');
        // finishedOn is set only when BullMQ moved the job to "failed" for good (no retry left, or UnrecoverableError).
        if (job?.id && job.finishedOn) {
          void this.events.exhausted({ queue, name: job.name, id: job.id, data: job.data, attemptsMade: job.attemptsMade, failedReason: err.message });
        }
      });
      worker.on('completed', (job) => {
        if (job.id) void this.events.completed({ queue, name: job.name, id: job.id, data: job.data, attemptsMade: job.attemptsMade });
      });
      worker.on('error', (err) => this.logger.error({ err: err.message }, 'Worker error'));
      this.workers.push(worker);
    }
    for (const s of SCHEDULES) {
      const repeat = s.pattern ? { pattern: s.pattern, tz: s.tz ?? 'Europe/Prague' } : { every: s.everyMs ?? 60_000 };
      await this.producer.queue(JOB_QUEUE[s.job]).upsertJobScheduler(s.job, repeat, { name: s.job, data: s.payload() });
    }
    this.logger.log({ queues: QUEUES, jobs: JOB_NAMES }, 'Worker started');
  }

  private connect(): Redis {
    const redis = createRedis(this.config.redis.url, 'worker');
    this.connections.push(redis);
    return redis;
  }

  async onApplicationShutdown(): Promise<void> {
    // close() waits for running jobs to finish, so SIGTERM never cuts a handler in half.
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all(this.connections.map(closeRedis));
  }
}
