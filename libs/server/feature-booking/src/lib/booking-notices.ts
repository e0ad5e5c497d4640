import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobProducer } from '@agendy/server/queue';

export type BookingNoticeKind = 'confirmed' | 'joined' | 'released';

export interface BookingNotice {
  userId: string;
  bookingId: string;
  kind: BookingNoticeKind;
  /** Distinguishes several notices of one kind (e.g. each colleague who joined). */
  key?: string;
  cs: string;
  en: string;
}

/**
 * In-app notifications about bookings (the same table as the workflow's notifications) and their
 * e-mail. The row is written in the booking's transaction; `effect_id` = booking/<id>/<kind>/<key>
 * makes it once-only. E-mail goes out from the worker (`booking.send-mail`) after the commit.
 */
export async function insertNotice(em: EntityManager, n: BookingNotice): Promise<string | null> {
  const rows: Array<{ id: string }> = await em.query(
    `INSERT INTO notifications (user_id, effect_id, template, message_cs, message_en, email_status)
     VALUES ($1, $2, $3, $4, $5, 'pending') ON CONFLICT (effect_id, user_id) DO NOTHING RETURNING id`,
    [n.userId, `booking/${n.bookingId}/${n.kind}/${n.key ?? '1'}`, `booking.${n.kind}`, n.cs, n.en],
  );
  return rows[0]?.id ?? null;
}

export const NO_SHOW_GRACE_MS = 15 * 60_000;

/** Jobs the api puts on the queues after a commit; a failed enqueue never undoes the booking (the sweeps catch up). */
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

  /** `attempt` distinguishes the sweep's re-sends from the first job (a completed jobId would be ignored). */
  async mail(notificationIds: Array<string | null>, attempt = ''): Promise<void> {
    for (const id of notificationIds) {
      if (!id) continue;
      try {
        await this.jobs.enqueue('booking.send-mail', { notificationId: id }, { jobId: `booking-mail-${id}${attempt}` });
      } catch (e) {
        this.logger.warn({ notificationId: id, err: (e as Error).message }, 'Booking e-mail not queued');
      }
    }
  }
}
