import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxProcessor } from '@agendy/server/feature-outbox';
import { JobHandler, type OutboxJob } from '@agendy/server/queue';
import { RequestRuntime } from './request-runtime.service';

/**
 * Deadline timers: a delayed job per reminder/escalation, fired as the system actor. The engine
 * re-checks that the deadline still applies (the request may have moved on: then nothing happens);
 * the timer's own step is written in the same transaction that marks its outbox row processed.
 */
@Injectable()
export class TimerHandler {
  private readonly logger = new Logger('TimerHandler');

  constructor(
    private readonly processor: OutboxProcessor,
    private readonly runtime: RequestRuntime,
    private readonly ds: DataSource,
  ) {}

  @JobHandler('effects.timer')
  async handle(payload: OutboxJob): Promise<string> {
    return this.fire(payload.outboxId, new Date());
  }

  /** `now` is a parameter so tests can fire a timer days ahead. */
  async fire(outboxId: string, now: Date): Promise<string> {
    let outcome = 'fired';
    const result = await this.processor.runOnce(outboxId, async (em, row) => {
      if (row.effect.type !== 'scheduleTimer' || !row.requestId) return;
      const applied = await this.runtime.applyIn(em, row.requestId, { type: 'timer', deadlineId: row.effect.deadlineId, timer: row.effect.timer }, { kind: 'system' }, { ip: null }, now);
      if (applied.ok) return;
      // Not due yet (a clock ahead of ours): fail the job so BullMQ retries it later.
      if (applied.rejection.code === 'GUARD_FAILED') throw new Error(`timer ${outboxId} is not due yet`);
      outcome = 'obsolete';
    });
    if (result === 'done' && outcome === 'fired') this.runtime.afterCommit();
    this.logger.debug({ outboxId, result, outcome }, 'Timer');
    return result === 'done' ? outcome : result;
  }
}
