import { addDays, assertLocalDate, daysBetween, fromEpochDay, isLocalDate, isoDayOfWeek, localDate, toEpochDay } from './local-date';
import { isValidIco } from './ico';
import { parseJsonPointer, toJsonPointer } from './json-pointer';
import { err, mapResult, ok, unwrap } from './result';

describe('LocalDate', () => {
  it('validates real calendar dates only', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('26-01-01')).toBe(false);
    expect(isLocalDate(20260101)).toBe(false);
    expect(() => assertLocalDate('2026-02-30')).toThrow(/YYYY-MM-DD/);
  });

  it('does day arithmetic across months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(localDate(2026, 7, 5)).toBe('2026-07-05');
  });

  it('knows the ISO day of week', () => {
    expect(isoDayOfWeek('2026-11-27')).toBe(5);
    expect(isoDayOfWeek('2026-11-29')).toBe(7);
    expect(isoDayOfWeek('1969-12-29')).toBe(1);
  });

  it('converts every day from 1600 to 2400 to epoch days exactly as Date does, and back', () => {
    const DAY_MS = 86_400_000;
    const first = Math.round(Date.UTC(1600, 0, 1) / DAY_MS);
    const last = Math.round(Date.UTC(2400, 11, 31) / DAY_MS);
    let mismatches = 0;
    for (let n = first; n <= last; n++) {
      const d = new Date(n * DAY_MS);
      const expected = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
      if (fromEpochDay(n) !== expected || toEpochDay(expected) !== n) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(fromEpochDay(-1)).toBe('1969-12-31');
  });
});

describe('isValidIco', () => {
  it('accepts IČO with a correct check digit', () => {
    expect(isValidIco('70891508')).toBe(true); // Liberecký kraj
    expect(isValidIco('00262978')).toBe(true); // statutární město Liberec
  });

  it('rejects wrong check digits and shapes', () => {
    expect(isValidIco('70891509')).toBe(false);
    expect(isValidIco('7089150')).toBe(false);
    expect(isValidIco('7089150a')).toBe(false);
  });
});

describe('JSON pointer', () => {
  it('escapes ~ and / and round-trips', () => {
    const segments = ['budget', '0', 'a/b~c'];
    expect(toJsonPointer(segments)).toBe('/budget/0/a~1b~0c');
    expect(parseJsonPointer(toJsonPointer(segments))).toEqual(segments);
    expect(parseJsonPointer('')).toEqual([]);
    expect(() => parseJsonPointer('budget')).toThrow(/JSON pointer/);
  });
});

describe('Result', () => {
  it('maps values and keeps errors', () => {
    expect(mapResult(ok(2), (n) => n * 2)).toEqual(ok(4));
    expect(mapResult(err('x'), (n: number) => n * 2)).toEqual(err('x'));
    expect(unwrap(ok('v'))).toBe('v');
    expect(() => unwrap(err({ code: 'X' }))).toThrow(/"code":"X"/);
  });
});
