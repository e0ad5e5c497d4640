import { LocalDate, localDate, localDateParts, pad2 } from './local-date';

/**
 * The office lives in Europe/Prague. Instants are stored as UTC ISO strings; business rules
 * need the Prague calendar date and Prague wall-clock times. Only Intl is used (no tz library):
 * Node ships full ICU.
 */
export const OFFICE_TIME_ZONE = 'Europe/Prague';

const pragueFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const HOUR_MS = 3_600_000;
// Zone offsets change only on whole UTC hours in this zone, so an offset looked up once
// holds for the whole UTC hour. Formatting with Intl costs microseconds; the engine's
// throughput budget is ~50 µs per transition, hence the cache.
const offsetByUtcHour = new Map<number, number>();
const OFFSET_CACHE_LIMIT = 50_000;

export interface PragueWallClock {
  date: LocalDate;
  hour: number;
  minute: number;
  second: number;
}

export function toPragueWallClock(instant: Date): PragueWallClock {
  const shifted = new Date(instant.getTime() + pragueOffsetMinutes(instant) * 60_000);
  return {
    date: localDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate()),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** The calendar date in Prague at the given instant (what a clerk's wall calendar shows). */
export function toPragueDate(instant: Date): LocalDate {
  return toPragueWallClock(instant).date;
}

/** Minutes to add to UTC to get Prague wall-clock time at this instant (60 in winter, 120 in summer). */
export function pragueOffsetMinutes(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new Error('Invalid date');
  const hourKey = Math.floor(ms / HOUR_MS);
  const cached = offsetByUtcHour.get(hourKey);
  if (cached !== undefined) return cached;
  const offset = computeOffsetMinutes(hourKey * HOUR_MS);
  if (offsetByUtcHour.size >= OFFSET_CACHE_LIMIT) offsetByUtcHour.clear();
  offsetByUtcHour.set(hourKey, offset);
  return offset;
}

function computeOffsetMinutes(utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of pragueFormatter.formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asIfUtc = Date.UTC(
    parts['year'],
    parts['month'] - 1,
    parts['day'],
    parts['hour'],
    parts['minute'],
    parts['second'],
  );
  return Math.round((asIfUtc - utcMs) / 60_000);
}

/**
 * The instant at which Prague clocks show the given date and time. For the hour skipped in
 * spring the result is the same wall time in the new offset (02:30 → 03:30 CEST); for the
 * repeated hour in autumn the earlier (summer-time) instant is returned.
 */
export function pragueLocalToInstant(date: LocalDate, hour = 0, minute = 0, second = 0, millisecond = 0): Date {
  const { year, month, day } = localDateParts(date);
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // Try both offsets the zone uses around this time and keep those that round-trip.
  const before = pragueOffsetMinutes(new Date(asIfUtc - 3 * HOUR_MS));
  const after = pragueOffsetMinutes(new Date(asIfUtc + 3 * HOUR_MS));
  const candidates = [before, after]
    .map((offset) => asIfUtc - offset * 60_000)
    .filter((ms) => pragueOffsetMinutes(new Date(ms)) * 60_000 === asIfUtc - ms);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // Skipped wall time (spring forward): interpret with the offset in force before the gap.
  return new Date(asIfUtc - before * 60_000);
}

/** Start of the Prague calendar day as an instant. */
export function startOfPragueDay(date: LocalDate): Date {
  return pragueLocalToInstant(date, 0, 0, 0, 0);
}

/** Last millisecond of the Prague calendar day: "by the end of the day" deadlines. */
export function endOfPragueDay(date: LocalDate): Date {
  return pragueLocalToInstant(date, 23, 59, 59, 999);
}

/** 'YYYY-MM-DDTHH:mm:ss' as shown on a Prague wall clock, for documents and messages. */
export function formatPragueDateTime(instant: Date): string {
  const c = toPragueWallClock(instant);
  return `${c.date}T${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)}`;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An instant as Czech people write it on the Prague clock: `7. 12. 2026 23:59` (day and month
 * without leading zeros, 24-hour clock). For messages and documents in Czech.
 */
export function formatPragueDateTimeCs(instant: Date): string {
  const c = toPragueWallClock(instant);
  const { year, month, day } = localDateParts(c.date);
  return `${day}. ${month}. ${year} ${pad2(c.hour)}:${pad2(c.minute)}`;
}

/** The same instant for English texts, still on the Prague clock: `7 Dec 2026, 23:59`. */
export function formatPragueDateTimeEn(instant: Date): string {
  const c = toPragueWallClock(instant);
  const { year, month, day } = localDateParts(c.date);
  return `${day} ${EN_MONTHS[month - 1]} ${year}, ${pad2(c.hour)}:${pad2(c.minute)}`;
}
