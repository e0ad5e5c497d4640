import type { Effect } from '@agendy/workflow/engine';
import { availableAt, JOB_OF_EFFECT, type NoticeEffect } from './effect-jobs';

describe('effect jobs', () => {
  it('runs notifications at once and delays timers until they are due', () => {
    const now = new Date('2026-11-27T10:00:00Z');
    const notify: Effect = { id: 'r/2/0', requestId: 'r', type: 'notify', recipients: [], message: { cs: 'a', en: 'a' } };
    const timer: Effect = { id: 'r/2/1', requestId: 'r', type: 'scheduleTimer', deadlineId: 'approval@2', timer: 'escalate', at: '2026-12-01T22:59:59.999Z' };
    const overdue: Effect = { ...timer, at: '2026-11-01T00:00:00Z' };
    expect(availableAt(notify, now)).toEqual(now);
    expect(availableAt(timer, now).toISOString()).toBe('2026-12-01T22:59:59.999Z');
    expect(availableAt(overdue, now)).toEqual(now);
  });

  it("carries an area's notice (no request, user recipients) as a notification job at once", () => {
    const now = new Date('2026-11-27T10:00:00Z');
    const notice: NoticeEffect = { id: 'booking/b/confirmed/1', requestId: null, type: 'notify', recipients: [{ kind: 'user', userId: 'u' }], message: { cs: 'a', en: 'a' }, template: 'booking.confirmed' };
    expect(JOB_OF_EFFECT[notice.type]).toBe('effects.notify');
    expect(availableAt(notice, now)).toEqual(now);
  });

  it('has no job for effects the transition applies itself, and a job for all others', () => {
    expect(JOB_OF_EFFECT.assign).toBeNull();
    expect(JOB_OF_EFFECT.setField).toBeNull();
    expect(Object.entries(JOB_OF_EFFECT).filter(([, job]) => job !== null).map(([type]) => type).sort()).toEqual(
      ['cancelBooking', 'createBooking', 'generateDocument', 'notify', 'publishToRegister', 'requestSignatures', 'scheduleTimer'],
    );
  });
});
