import type { BookingRulesInfo, FieldError, ResourceType } from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { formatPragueDateTimeCs, isoDayOfWeek, toPragueWallClock } from '@agendy/shared/util';

/** Rule codes carried by 422 GUARD_FAILED answers (`rule` and `errors[].rule`). */
export type BookingRuleCode =
  | 'BOOKING_END_BEFORE_START'
  | 'BOOKING_TOO_SHORT'
  | 'BOOKING_TOO_LONG'
  | 'BOOKING_TOO_SOON'
  | 'BOOKING_TOO_FAR_AHEAD'
  | 'BOOKING_OUTSIDE_HOURS'
  | 'BOOKING_BLACKOUT'
  | 'BOOKING_LIMIT_REACHED'
  | 'RESOURCE_INACTIVE'
  | 'RESOURCE_BLOCKED'
  | 'CAR_STK_EXPIRED'
  | 'CAR_SERVICE_OVERDUE'
  | 'LICENCE_NOT_CONFIRMED'
  | 'LICENCE_NOT_RECORDED'
  | 'LICENCE_EXPIRED'
  | 'DRIVER_TRAINING_EXPIRED'
  | 'KEY_NOT_HANDED_OVER'
  | 'CHECK_IN_CLOSED'
  | 'SERIES_NEEDS_APPROVAL'
  | 'ODOMETER_BACKWARDS'
  | 'INVALID_RRULE';

export interface RuleViolation extends FieldError {
  rule: BookingRuleCode;
}

export function violation(rule: BookingRuleCode, pointer: string, cs: string, en: string): RuleViolation {
  return { pointer, rule, message: { cs, en } };
}

/** One 422 answer for every broken rule; `rule` names the first. */
export function rulesException(violations: RuleViolation[]): DomainException {
  return new DomainException('GUARD_FAILED', violations.map((v) => v.message.en).join(' '), { rule: violations[0].rule, errors: violations });
}

export interface RuleRow {
  resource_type: ResourceType;
  min_notice_minutes: number;
  max_advance_days: number;
  min_duration_minutes: number;
  max_duration_minutes: number;
  buffer_minutes: number;
  business_start_minute: number | null;
  business_end_minute: number | null;
  business_days: number[];
  max_active_per_user: number | null;
}

export function rulesInfo(r: RuleRow): BookingRulesInfo {
  return {
    resourceType: r.resource_type,
    minNoticeMinutes: r.min_notice_minutes,
    maxAdvanceDays: r.max_advance_days,
    minDurationMinutes: r.min_duration_minutes,
    maxDurationMinutes: r.max_duration_minutes,
    bufferMinutes: r.buffer_minutes,
    businessStartMinute: r.business_start_minute,
    businessEndMinute: r.business_end_minute,
    businessDays: r.business_days,
    maxActivePerUser: r.max_active_per_user,
  };
}

const hhmm = (minutes: number) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

/** The time rules of a resource type for one slot (pure: blackouts and limits need the database). */
export function checkTimeRules(rules: BookingRulesInfo, start: Date, end: Date, now: Date): RuleViolation[] {
  const out: RuleViolation[] = [];
  const minutes = (end.getTime() - start.getTime()) / 60_000;
  if (minutes <= 0) return [violation('BOOKING_END_BEFORE_START', '/end', 'Konec musí být po začátku.', 'The end must be after the start.')];
  if (minutes < rules.minDurationMinutes) {
    out.push(violation('BOOKING_TOO_SHORT', '/end', `Rezervace musí trvat nejméně ${rules.minDurationMinutes} minut.`, `A booking must last at least ${rules.minDurationMinutes} minutes.`));
  }
  if (minutes > rules.maxDurationMinutes) {
    out.push(violation('BOOKING_TOO_LONG', '/end', `Rezervace smí trvat nejvýše ${rules.maxDurationMinutes} minut.`, `A booking may last at most ${rules.maxDurationMinutes} minutes.`));
  }
  if (start.getTime() < now.getTime() + rules.minNoticeMinutes * 60_000) {
    out.push(
      violation(
        'BOOKING_TOO_SOON',
        '/start',
        rules.minNoticeMinutes > 0 ? `Rezervujte nejméně ${rules.minNoticeMinutes} minut předem.` : 'Nelze rezervovat do minulosti.',
        rules.minNoticeMinutes > 0 ? `Book at least ${rules.minNoticeMinutes} minutes ahead.` : 'Cannot book in the past.',
      ),
    );
  }
  if (start.getTime() > now.getTime() + rules.maxAdvanceDays * 86_400_000) {
    out.push(violation('BOOKING_TOO_FAR_AHEAD', '/start', `Rezervovat lze nejvýše ${rules.maxAdvanceDays} dní dopředu.`, `Bookings open at most ${rules.maxAdvanceDays} days ahead.`));
  }
  if (rules.businessStartMinute !== null && rules.businessEndMinute !== null) {
    const s = toPragueWallClock(start);
    const e = toPragueWallClock(end);
    const sMin = s.hour * 60 + s.minute;
    const eMin = e.hour * 60 + e.minute + (e.second > 0 ? 1 : 0);
    const inHours =
      s.date === e.date &&
      rules.businessDays.includes(isoDayOfWeek(s.date)) &&
      sMin >= rules.businessStartMinute &&
      eMin <= rules.businessEndMinute;
    if (!inHours) {
      const days = rules.businessDays.length === 5 && rules.businessDays.every((d) => d <= 5) ? { cs: 'v pracovní dny', en: 'on weekdays' } : { cs: 've vybrané dny', en: 'on the allowed days' };
      out.push(
        violation(
          'BOOKING_OUTSIDE_HOURS',
          '/start',
          `Rezervovat lze jen ${days.cs} ${hhmm(rules.businessStartMinute)}–${hhmm(rules.businessEndMinute)} (začátek ${formatPragueDateTimeCs(start)}).`,
          `Bookings are possible only ${days.en} ${hhmm(rules.businessStartMinute)}–${hhmm(rules.businessEndMinute)} Prague time.`,
        ),
      );
    }
  }
  return out;
}
