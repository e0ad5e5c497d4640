import { findAgendaDefinition } from '../agenda-definitions';
import { Scenario, people } from '../testing/agenda-test-kit';
import { facilityManager, largeHall, smallRoom } from '../fixtures/office-agendas.fixture';

const def = findAgendaDefinition('room-booking');
if (!def) throw new Error('room-booking is not shipped');
const { filer, colleague, system } = people;
const booking = (room: string, start: string, end: string) => ({ bookingKey: 'KULK-2026-0001/room', resourceType: 'room', resourceId: room, start, end });

describe('agenda room-booking (rezervace zasedacích místností)', () => {
  it('a small room is booked and confirmed at once, then held', () => {
    const s = new Scenario(def).take('book', filer, smallRoom);
    expect(s.snapshot).toMatchObject({ state: 'confirmed', bookings: [booking('zasedacka-a212', smallRoom.start, smallRoom.end)] });
    expect(s.effectTypes()).toContain('createBooking');
    s.take('mark-held', system);
    expect(s.snapshot.state).toBe('held');
  });

  it('the large hall is held provisionally and approved by facility management, with catering arranged', () => {
    const s = new Scenario(def).take('book', filer, largeHall);
    expect(s.snapshot.state).toBe('approval');
    expect(s.snapshot.bookings).toHaveLength(1);
    s.take('approve', facilityManager);
    expect(s.snapshot.state).toBe('confirmed');
    expect(s.last.effects.filter((e) => e.type === 'notify')).toHaveLength(2);
  });

  it('rejecting or cancelling releases the room; a no-show releases it too', () => {
    const rejected = new Scenario(def).take('book', filer, largeHall).take('reject', facilityManager, undefined, 'Sál je vyhrazen pro zastupitelstvo.');
    expect(rejected.snapshot.bookings).toEqual([]);
    expect(rejected.last.effects.find((e) => e.type === 'cancelBooking')).toMatchObject({ type: 'cancelBooking', booking: booking('velky-sal', largeHall.start, largeHall.end) });
    const noShow = new Scenario(def).take('book', filer, smallRoom).take('release-no-show', system);
    expect(noShow.snapshot).toMatchObject({ state: 'released', bookings: [] });
  });

  it('changing the time replaces the booking', () => {
    const s = new Scenario(def).take('book', filer, smallRoom).take('change', filer, { start: '2030-02-12T08:00:00Z', end: '2030-02-12T10:00:00Z' });
    expect(s.effectTypes()).toEqual(['cancelBooking', 'createBooking']);
    expect(s.snapshot.bookings).toEqual([booking('zasedacka-a212', '2030-02-12T08:00:00Z', '2030-02-12T10:00:00Z')]);
  });

  describe('rejections', () => {
    it('INVALID_DATA: over capacity, end before start, in the past', () => {
      const e = new Scenario(def).refusal('book', filer, { ...smallRoom, attendees: 30, start: '2026-11-01T08:00:00Z', end: '2026-11-01T07:00:00Z' });
      expect(e.fieldErrors?.map((f) => [f.pointer, f.message.cs])).toEqual([
        ['/end', '„Konec“: musí být po začátku'],
        ['/start', '„Začátek“: nelze rezervovat do minulosti'],
        ['/attendees', '„Počet účastníků“: překračuje kapacitu zvolené místnosti'],
      ]);
    });

    it('NOT_ALLOWED: a colleague approving the hall or cancelling someone else’s booking', () => {
      const s = new Scenario(def).take('book', filer, largeHall);
      expect(s.refusal('approve', colleague).code).toBe('NOT_ALLOWED');
      expect(s.refusal('cancel', colleague).code).toBe('NOT_ALLOWED');
    });

    it('WRONG_STATE: marking a booking awaiting approval as held; STALE', () => {
      const s = new Scenario(def).take('book', filer, largeHall);
      expect(s.refusal('mark-held', system).code).toBe('WRONG_STATE');
      expect(s.refused({ type: 'transition', name: 'approve', expectedVersion: 1 }, facilityManager)).toBe('STALE');
    });
  });
});
