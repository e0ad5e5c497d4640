import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { OutboxRelay } from './outbox-relay';

/**
 * The worker's relay loop: catches every row the api's after-commit kick missed (Redis down, an
 * api replica that died right after commit). A plain timer, not a BullMQ repeatable job, because
 * it must keep trying exactly while Redis is unavailable.
 */
@Injectable()
export class OutboxPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxPoller');
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private lastSweep = 0;
  private failing = false;

  constructor(
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.runtime.outboxPollMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = (async () => {
      try {
        const sweepEveryMs = Math.min(30_000, this.config.runtime.outboxRedeliverSeconds * 1000);
        if (Date.now() - this.lastSweep > sweepEveryMs) {
          this.lastSweep = Date.now();
          const again = await this.relay.redeliverStale();
          if (again > 0) this.logger.warn({ rows: again }, 'Relaying unprocessed outbox rows again');
        }
        await this.relay.relayAll();
        if (this.failing) this.logger.log('Outbox relay recovered');
        this.failing = false;
      } catch (e) {
        if (!this.failing) this.logger.warn({ err: (e as Error).message }, 'Outbox relay failing; will keep trying');
        this.failing = true;
      }
    })().finally(() => {
      this.busy = null;
    });
    await this.busy;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.busy;
  }
}
