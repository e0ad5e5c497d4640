import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { MailContributors, type MailAttachment, type MailContribution, type MailContributor, type MailNotice } from '@agendy/server/feature-notifications';
import { formatPragueDateTimeCs } from '@agendy/shared/util';
import { bookingEvent } from './booking-feeds.service';
import { BOOKING_TEMPLATE_PREFIX, bookingIdOfNotice } from './booking-notices';
import { loadBooking } from './booking-store';
import { renderCalendar } from './ical';

const SUBJECTS: Record<string, string> = {
  'booking.confirmed': 'Potvrzení rezervace',
  'booking.joined': 'Ke své jízdě máte spolucestujícího',
  'booking.released': 'Rezervace uvolněna (nikdo se nepřihlásil)',
};

/**
 * What booking e-mails carry beyond the message: a subject with the resource, the resource and the
 * time, a link to "my bookings", and for a confirmation the booking as an .ics attachment (RFC 5545,
 * METHOD:PUBLISH) so it lands in the recipient's calendar. NotifyHandler asks for it outside any
 * transaction; the booking is read as it is when the e-mail goes out.
 */
@Injectable()
export class BookingMailContributor implements MailContributor, OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly contributors: MailContributors,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.contributors.register(BOOKING_TEMPLATE_PREFIX, this);
  }

  async contribute(notice: MailNotice): Promise<MailContribution> {
    const bookingId = bookingIdOfNotice(notice.effectId);
    const b = bookingId ? await loadBooking(this.ds.manager, bookingId) : undefined;
    const attachments: MailAttachment[] = [];
    if (notice.template === 'booking.confirmed' && b) {
      const ics = renderCalendar([bookingEvent(b, true)], { name: 'Rezervace' });
      attachments.push({ filename: 'rezervace.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' });
    }
    return {
      subject: `${SUBJECTS[notice.template] ?? 'Rezervace'}${b ? `: ${b.resource_name}` : ''}`,
      lines: [
        ...(b ? [`Zdroj: ${b.resource_name}`, `Termín: ${formatPragueDateTimeCs(b.start)} – ${formatPragueDateTimeCs(b.end)}`, ''] : []),
        `Moje rezervace: ${this.config.runtime.publicBaseUrl}/rezervace`,
      ],
      attachments,
    };
  }
}
