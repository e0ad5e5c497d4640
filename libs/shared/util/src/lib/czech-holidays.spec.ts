import { czechPublicHoliday, czechPublicHolidays, easterSunday, isCzechPublicHoliday } from './czech-holidays';

describe('easterSunday', () => {
  it.each([
    [2015, '2015-04-05'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('%i → %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });
});

describe('czechPublicHolidays', () => {
  it('lists the 13 holidays of 2025 in date order', () => {
    expect(czechPublicHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-08', '2025-07-05', '2025-07-06',
      '2025-09-28', '2025-10-28', '2025-11-17', '2025-12-24', '2025-12-25', '2025-12-26',
    ]);
  });

  it('has no Good Friday before 2016', () => {
    expect(czechPublicHolidays(2015).map((h) => h.date)).not.toContain('2015-04-03');
    expect(czechPublicHolidays(2015)).toHaveLength(12);
    expect(isCzechPublicHoliday('2016-03-25')).toBe(true);
  });

  it('names holidays in Czech with diacritics', () => {
    expect(czechPublicHoliday('2026-04-03')?.name.cs).toBe('Velký pátek');
    expect(czechPublicHoliday('2026-07-06')?.name.cs).toBe('Den upálení mistra Jana Husa');
    expect(czechPublicHoliday('2026-07-07')).toBeUndefined();
  });

  it('recognises movable holidays of 2026', () => {
    expect(isCzechPublicHoliday('2026-04-03')).toBe(true); // Good Friday
    expect(isCzechPublicHoliday('2026-04-06')).toBe(true); // Easter Monday
    expect(isCzechPublicHoliday('2026-04-07')).toBe(false);
  });
});
