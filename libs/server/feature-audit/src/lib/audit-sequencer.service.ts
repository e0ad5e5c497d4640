import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { AuditSequencerLoop } from './audit-sequencer';

/**
 * The worker's part in chaining the audit log (docs/adr/0005-audit-sequencer.md): every worker
 * process runs the loop, one of them — the holder of the advisory lock — chains.
 */
@Injectable()
export class AuditSequencer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditSequencer');
  readonly loop: AuditSequencerLoop;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.loop = new AuditSequencerLoop(
      { url: config.database.url, statementTimeoutMs: config.database.guards.statementTimeoutMs, applicationName: 'agendy-audit-sequencer' },
      { log: (m, f) => this.logger.log(f ?? {}, m), warn: (m, f) => this.logger.warn(f ?? {}, m) },
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Before the database closes: finish the pass in flight and hand the lock over by closing the connection. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
