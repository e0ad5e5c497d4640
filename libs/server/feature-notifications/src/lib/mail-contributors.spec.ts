import { MailContributors, type MailContributor } from './mail-contributors';

const contributor = (subject: string): MailContributor => ({ contribute: async () => ({ subject }) });

describe('MailContributors', () => {
  it('finds the contributor of the longest registered prefix of a template', async () => {
    const registry = new MailContributors();
    registry.register('booking.', contributor('booking'));
    registry.register('booking.car.', contributor('car'));
    const ask = async (template: string | null) =>
      (await registry.find(template)?.contribute({ notificationId: 'n', effectId: 'e', template: template ?? '', message: { cs: '', en: '' }, recipientName: 'X' }))?.subject;
    expect(await ask('booking.confirmed')).toBe('booking');
    expect(await ask('booking.car.joined')).toBe('car');
    expect(await ask('bookings.confirmed')).toBeUndefined();
    expect(await ask('deadline-reminder')).toBeUndefined();
    expect(await ask(null)).toBeUndefined();
  });

  it('refuses a second owner of a prefix and a prefix that is not "area."', () => {
    const registry = new MailContributors();
    registry.register('booking.', contributor('a'));
    expect(() => registry.register('booking.', contributor('b'))).toThrow(/registered already/);
    expect(() => registry.register('booking', contributor('c'))).toThrow(/must look like/);
    expect(() => registry.register('', contributor('d'))).toThrow(/must look like/);
  });
});
