import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxRelay, OutboxWriter, type NoticeEffect } from '@agendy/server/feature-outbox';
import { JobProducer } from '@agendy/server/queue';

export type BookingNoticeKind = 'confirmed' | 'joined' | 'released';

export interface BookingNotice {
  userId: string;
  bookingId: string;
  kind: BookingNoticeKind;
  /**
   * Distinguishes several notices of one kind about one booking (each colleague who joined). Must
   * be derived from the event (never a clock), so writing the same event twice is one notice.
   */
  key?: string;
  cs: string;
  en: string;
}

/** Templates of booking notices; the e-mails are completed by BookingMailContributor. */
export const BOOKING_TEMPLATE_PREFIX = 'booking.';

/** `booking/<bookingId>/<kind>/<key>`: the outbox id, the job id and the notification's `effect_id` (once only). */
export function bookingNoticeId(bookingId: string, kind: BookingNoticeKind, key = '1'): string {
  return `booking/${bookingId}/${kind}/${key}`;
}

const NOTICE_ID = /^booking\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[a-z]+\/[^/]+$/i;

/** The booking a notice is about, from its id (undefined for ids booking did not make). */
export function bookingIdOfNotice(effectId: string): string | undefined {
  return NOTICE_ID.exec(effectId)?.[1];
}

export function bookingNoticeEffect(n: BookingNotice): NoticeEffect {
  return {
    id: bookingNoticeId(n.bookingId, n.kind, n.key),
    requestId: null,
    type: 'notify',
    recipients: [{ kind: 'user', userId: n.userId }],
    message: { cs: n.cs, en: n.en },
    template: `${BOOKING_TEMPLATE_PREFIX}${n.kind}`,
  };
}

/**
 * Booking's notices take the road of every other notification (issue 19, ADR 0004 "one owner per
 * table"): an outbox row written in the booking's own transaction, relayed to `effects.notify`,
 * where feature-notifications writes the in-app row once and sends the e-mail under its one claim
 * rule (redelivery and incidents included). Booking never writes `notifications` itself.
 */
@Injectable()
export class BookingNotices {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  /** Inside the booking's transaction (its EntityManager only); a notice written before is left as it is. */
  async write(em: EntityManager, notices: readonly BookingNotice[]): Promise<void> {
    await this.outbox.write(em, notices.map(bookingNoticeEffect), new Date());
  }

  /**
   * After the commit: relay now rather than at the worker's next poll. Never waits for Redis and never
   * fails; while Redis is away the rows wait in the outbox.
   */
  afterCommit(): void {
    this.relay.kick();
  }
}

export const NO_SHOW_GRACE_MS = 15 * 60_000;

/** Jobs the api puts on the queues after a commit; a failed enqueue never undoes the booking (the sweep catches up). */
@Injectable()
export class BookingJobs {
  private readonly logger = new Logger('BookingJobs');

  constructor(private readonly jobs: JobProducer) {}

  /** Room bookings only: the release is due 15 minutes after the start (jobId per start, so a moved booking gets a new one). */
  async scheduleNoShow(bookings: Array<{ id: string; start: Date | string; resourceType: string }>): Promise<void> {
    for (const b of bookings) {
      if (b.resourceType !== 'room') continue;
      const start = new Date(b.start).getTime();
      try {
        await this.jobs.enqueue('booking.release-no-show', { bookingId: b.id }, { jobId: `no-show-${b.id}-${start}`, delayMs: Math.max(0, start + NO_SHOW_GRACE_MS - Date.now()) });
      } catch (e) {
        this.logger.warn({ bookingId: b.id, err: (e as Error).message }, 'No-show job not queued; the sweep will release it');
      }
    }
  }
}
