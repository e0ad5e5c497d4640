import { LocalDate, addDays, localDate } from './local-date';
import { LocalizedText } from './guards';

/**
 * Czech public holidays (státní svátky and ostatní svátky) under Act No. 245/2000 Coll.
 * Good Friday has been a holiday since 2016; before that only Easter Monday was.
 */
export interface PublicHoliday {
  readonly date: LocalDate;
  readonly name: LocalizedText;
}

const FIXED_HOLIDAYS: ReadonlyArray<readonly [month: number, day: number, name: LocalizedText]> = [
  [1, 1, { cs: 'Den obnovy samostatného českého státu, Nový rok', en: "Restoration Day of the Independent Czech State, New Year's Day" }],
  [5, 1, { cs: 'Svátek práce', en: 'Labour Day' }],
  [5, 8, { cs: 'Den vítězství', en: 'Victory in Europe Day' }],
  [7, 5, { cs: 'Den slovanských věrozvěstů Cyrila a Metoděje', en: 'Saints Cyril and Methodius Day' }],
  [7, 6, { cs: 'Den upálení mistra Jana Husa', en: 'Jan Hus Day' }],
  [9, 28, { cs: 'Den české státnosti', en: 'St. Wenceslas Day (Czech Statehood Day)' }],
  [10, 28, { cs: 'Den vzniku samostatného československého státu', en: 'Independent Czechoslovak State Day' }],
  [11, 17, { cs: 'Den boje za svobodu a demokracii a Mezinárodní den studentstva', en: 'Struggle for Freedom and Democracy Day' }],
  [12, 24, { cs: 'Štědrý den', en: 'Christmas Eve' }],
  [12, 25, { cs: '1. svátek vánoční', en: 'Christmas Day' }],
  [12, 26, { cs: '2. svátek vánoční', en: "St. Stephen's Day" }],
];

const GOOD_FRIDAY_SINCE = 2016;

/** Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return localDate(year, month, day);
}

const holidaysByYear = new Map<number, ReadonlyArray<PublicHoliday>>();

/** All public holidays of the year, sorted by date. */
export function czechPublicHolidays(year: number): ReadonlyArray<PublicHoliday> {
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const holidays: PublicHoliday[] = FIXED_HOLIDAYS.map(([month, day, name]) => ({ date: localDate(year, month, day), name }));
  if (year >= GOOD_FRIDAY_SINCE) {
    holidays.push({ date: addDays(easter, -2), name: { cs: 'Velký pátek', en: 'Good Friday' } });
  }
  holidays.push({ date: addDays(easter, 1), name: { cs: 'Velikonoční pondělí', en: 'Easter Monday' } });
  holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  const frozen = Object.freeze(holidays);
  holidaysByYear.set(year, frozen);
  return frozen;
}

const holidayDateSets = new Map<number, ReadonlySet<LocalDate>>();

export function isCzechPublicHoliday(date: LocalDate): boolean {
  const year = Number(date.slice(0, 4));
  let set = holidayDateSets.get(year);
  if (!set) {
    set = new Set(czechPublicHolidays(year).map((h) => h.date));
    holidayDateSets.set(year, set);
  }
  return set.has(date);
}

export function czechPublicHoliday(date: LocalDate): PublicHoliday | undefined {
  return czechPublicHolidays(Number(date.slice(0, 4))).find((h) => h.date === date);
}
