import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { OutboxRedelivery } from './outbox-redelivery';
import { OutboxRelay } from './outbox-relay';

/**
 * The worker's relay loop: catches every row the api's after-commit kick missed (Redis down, an
 * api replica that died right after commit), redelivers effects whose jobs ran out of tries when
 * their time has come (every tick: one indexed query), and every min(30 s, OUTBOX_REDELIVER_SECONDS)
 * looks up stale rows' jobs in Redis (OutboxRedelivery). A plain timer, not a BullMQ repeatable job,
 * because it must keep trying exactly while Redis is unavailable.
 */
@Injectable()
export class OutboxPoller implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxPoller');
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private lastInspection = 0;
  private failing = false;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly redelivery: OutboxRedelivery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.runtime.outboxPollMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = (async () => {
      // Each step on its own: a sweep that keeps failing must not stop the relay, nor the other way round.
      const errors: string[] = [];
      const step = async (what: string, work: () => Promise<unknown>) => {
        try {
          await work();
        } catch (e) {
          errors.push(`${what}: ${(e as Error).message}`);
        }
      };
      const inspectEveryMs = Math.min(30_000, this.config.runtime.outboxRedeliverSeconds * 1000);
      if (Date.now() - this.lastInspection > inspectEveryMs) {
        this.lastInspection = Date.now();
        await step('sweep', async () => {
          const found = await this.redelivery.inspectAll();
          if (found.exhausted + found.lost > 0) this.logger.warn(found, 'Outbox sweep: jobs that ran out of tries or went missing');
        });
      }
      await step('redelivery', () => this.redelivery.redeliverDue());
      await step('relay', () => this.relay.relayAll());
      if (errors.length > 0) {
        if (!this.failing) this.logger.warn({ err: errors.join('; ') }, 'Outbox relay failing; will keep trying');
        this.failing = true;
      } else {
        if (this.failing) this.logger.log('Outbox relay recovered');
        this.failing = false;
      }
    })().finally(() => {
      this.busy = null;
    });
    await this.busy;
  }

  /**
   * Before any provider shuts down: the pass in flight finishes while Redis and the database are
   * still open, so it never leaves rows claimed but not on BullMQ (the sweep would repair that, but
   * only after OUTBOX_REDELIVER_SECONDS).
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeApplicationShutdown();
  }
}
