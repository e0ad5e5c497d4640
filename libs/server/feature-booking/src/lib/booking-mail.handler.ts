import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { Mailer, type MailAttachment } from '@agendy/server/feature-notifications';
import { JobHandler } from '@agendy/server/queue';
import { formatPragueDateTimeCs } from '@agendy/shared/util';
import { loadBooking } from './booking-store';
import { bookingEvent } from './booking-feeds.service';
import { renderCalendar } from './ical';

const SUBJECTS: Record<string, string> = {
  'booking.confirmed': 'Potvrzení rezervace',
  'booking.joined': 'Ke své jízdě máte spolucestujícího',
  'booking.released': 'Rezervace uvolněna (nikdo se nepřihlásil)',
};

/**
 * E-mail of booking notifications. The confirmation carries the booking as an .ics attachment
 * (RFC 5545, METHOD:PUBLISH) so it lands in the recipient's calendar.
 */
@Injectable()
export class BookingMailHandler {
  private readonly logger = new Logger('BookingMail');

  constructor(
    private readonly ds: DataSource,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler('booking.send-mail')
  async send(payload: { notificationId: string }): Promise<string> {
    if (!this.mailer.enabled) {
      await this.ds.query(`UPDATE notifications SET email_status = 'skipped' WHERE id = $1 AND email_status = 'pending'`, [payload.notificationId]);
      return 'e-mail off';
    }
    const [n]: Array<{ id: string; effect_id: string; template: string; message_cs: string; email: string | null; display_name: string }> = await this.ds.query(
      `WITH c AS (UPDATE notifications SET email_status = 'sending' WHERE id = $1 AND email_status = 'pending' RETURNING *)
       SELECT c.id, c.effect_id, c.template, c.message_cs, u.email, u.display_name FROM c JOIN users u ON u.id = c.user_id`,
      [payload.notificationId],
    );
    if (!n) return 'already sent';
    if (!n.email) {
      await this.ds.query(`UPDATE notifications SET email_status = 'skipped' WHERE id = $1`, [n.id]);
      return 'no address';
    }
    const bookingId = n.effect_id.split('/')[1];
    const attachments: MailAttachment[] = [];
    const b = await loadBooking(this.ds.manager, bookingId);
    if (n.template === 'booking.confirmed' && b) {
      const ics = renderCalendar([bookingEvent(b, true)], { name: 'Rezervace' });
      attachments.push({ filename: 'rezervace.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' });
    }
    const lines = [
      `Dobrý den, ${n.display_name},`,
      '',
      n.message_cs,
      ...(b ? ['', `Zdroj: ${b.resource_name}`, `Termín: ${formatPragueDateTimeCs(b.start)} – ${formatPragueDateTimeCs(b.end)}`] : []),
      '',
      `Moje rezervace: ${this.config.runtime.publicBaseUrl}/rezervace`,
      '',
      '-- ',
      'Tuto zprávu odeslal automaticky systém Agendy Krajského úřadu Libereckého kraje. Neodpovídejte na ni.',
    ];
    try {
      await this.mailer.send({
        to: n.email,
        subject: `[Agendy] ${SUBJECTS[n.template] ?? 'Rezervace'}${b ? `: ${b.resource_name}` : ''}`,
        text: lines.join('\n') + '\n',
        attachments,
        messageKey: `notification-${n.id}`,
      });
    } catch (e) {
      await this.ds.query(`UPDATE notifications SET email_status = 'pending' WHERE id = $1`, [n.id]);
      this.logger.warn({ notificationId: n.id, err: (e as Error).message }, 'Booking e-mail not sent; will retry');
      throw e;
    }
    await this.ds.query(`UPDATE notifications SET email_status = 'sent', emailed_at = now() WHERE id = $1`, [n.id]);
    return 'sent';
  }
}
