import type { LocalDate } from '@agendy/shared/util';

/** An employee's working-time model (úvazek and pracovní doba). */
export interface WorkModel {
  /** 2400 = full time (40 h/week); less is part time. */
  weeklyMinutes: number;
  kind: 'fixed' | 'flexible';
  /** Fixed hours: when the day starts (HH:MM). */
  startTime: string | null;
  /** Flexible hours: the core time everyone must be present (HH:MM). */
  coreFrom: string | null;
  coreTo: string | null;
  employmentStart: LocalDate | null;
  /** Annual leave in weeks (Czech public service: 5). */
  leaveWeeks: number;
  /** Sick days (indispoziční volno) the office grants per year; 0 = none. */
  sickDays: number;
}

/** Used for anyone without a stored model: full time, flexible hours with core time 9–14. */
export const DEFAULT_WORK_MODEL: WorkModel = {
  weeklyMinutes: 2400,
  kind: 'flexible',
  startTime: null,
  coreFrom: '09:00',
  coreTo: '14:00',
  employmentStart: null,
  leaveWeeks: 5,
  sickDays: 0,
};

/** Working days are Monday to Friday: a day's share of the week. */
export function dailyMinutes(model: Pick<WorkModel, 'weeklyMinutes'>): number {
  return Math.round(model.weeklyMinutes / 5);
}

export function hhmmToMinutes(value: string): number {
  const [h, m] = value.split(':').map(Number);
  return h * 60 + m;
}

export function minutesToHhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
