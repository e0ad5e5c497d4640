import { JOB_OF_EFFECT } from '@agendy/server/feature-outbox';
import { bookingIdOfNotice, bookingNoticeEffect, bookingNoticeId } from './booking-notices';

const bookingId = '5b0c3a4e-8f1d-4c2a-9e7b-1d2c3b4a5f60';

describe('booking notices', () => {
  it('are notify effects of no request, for one user, with a stable id per booking, kind and key', () => {
    const effect = bookingNoticeEffect({ userId: 'u1', bookingId, kind: 'joined', key: 'u2-v3', cs: 'Přidal se kolega.', en: 'A colleague joined.' });
    expect(effect).toEqual({
      id: `booking/${bookingId}/joined/u2-v3`,
      requestId: null,
      type: 'notify',
      recipients: [{ kind: 'user', userId: 'u1' }],
      message: { cs: 'Přidal se kolega.', en: 'A colleague joined.' },
      template: 'booking.joined',
    });
    expect(JOB_OF_EFFECT[effect.type]).toBe('effects.notify');
    // The same event gives the same id (once only); the key defaults to 1 (one confirmation, one release per booking).
    expect(bookingNoticeEffect({ userId: 'u1', bookingId, kind: 'confirmed', cs: 'a', en: 'a' }).id).toBe(bookingNoticeId(bookingId, 'confirmed', '1'));
  });

  it('finds the booking of its own notice ids only (BullMQ job ids must not contain ":")', () => {
    expect(bookingIdOfNotice(bookingNoticeId(bookingId, 'released'))).toBe(bookingId);
    expect(bookingIdOfNotice(`${bookingId}/3/0`)).toBeUndefined();
    expect(bookingIdOfNotice('booking/not-a-uuid/confirmed/1')).toBeUndefined();
    expect(bookingIdOfNotice('incident/42')).toBeUndefined();
    expect(bookingNoticeId(bookingId, 'joined', 'u2-v3')).not.toContain(':');
  });
});
