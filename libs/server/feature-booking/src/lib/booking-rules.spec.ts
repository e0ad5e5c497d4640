import { pragueLocalToInstant } from '@agendy/shared/util';
import { checkTimeRules } from './booking-rules';
import { DEFAULT_RULES } from './bookings.service';

const now = new Date('2027-03-01T08:00:00Z');
const at = (date: string, h: number, m = 0) => pragueLocalToInstant(date, h, m);
const rules = (start: Date, end: Date) => checkTimeRules(DEFAULT_RULES.room, start, end, now).map((v) => v.rule);

describe('booking time rules (rooms, Prague wall clock)', () => {
  it('accepts a weekday slot inside business hours, up to the closing minute', () => {
    expect(rules(at('2027-03-03', 7), at('2027-03-03', 8))).toEqual([]);
    expect(rules(at('2027-03-03', 19), at('2027-03-03', 20))).toEqual([]);
    expect(rules(at('2027-03-03', 7), at('2027-03-03', 20))).toEqual(['BOOKING_TOO_LONG']);
  });

  it('names every broken rule with Czech and English text', () => {
    expect(rules(at('2027-03-06', 9), at('2027-03-06', 10))).toEqual(['BOOKING_OUTSIDE_HOURS']); // Saturday
    expect(rules(at('2027-03-03', 19), at('2027-03-03', 21))).toEqual(['BOOKING_OUTSIDE_HOURS']);
    expect(rules(at('2027-03-03', 9), at('2027-03-03', 9, 10))).toEqual(['BOOKING_TOO_SHORT']);
    expect(rules(at('2027-02-01', 9), at('2027-02-01', 10))).toEqual(['BOOKING_TOO_SOON']);
    expect(rules(at('2028-06-01', 9), at('2028-06-01', 10))).toEqual(['BOOKING_TOO_FAR_AHEAD']);
    expect(rules(at('2027-03-03', 10), at('2027-03-03', 9))).toEqual(['BOOKING_END_BEFORE_START']);
    const [v] = checkTimeRules(DEFAULT_RULES.room, at('2027-03-06', 9), at('2027-03-06', 10), now);
    expect(v.message.cs).toContain('7:00–20:00');
    expect(v.message.en).toContain('weekdays');
  });

  it('cars have no business hours but a notice period', () => {
    const car = DEFAULT_RULES.car;
    expect(checkTimeRules(car, at('2027-03-06', 22), at('2027-03-07', 6), now)).toEqual([]);
    expect(checkTimeRules(car, new Date(now.getTime() + 30 * 60_000), new Date(now.getTime() + 120 * 60_000), now).map((v) => v.rule)).toEqual(['BOOKING_TOO_SOON']);
  });
});
