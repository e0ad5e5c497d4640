import { z } from 'zod';
import { CLOCK_EVENT_TYPES, LEAVE_TYPES } from '@agendy/shared/contracts';

const localDay = z.iso.date();
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/);
export const monthParam = z.string().regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/);
const uuid = z.uuid();

export const clockEventSchema = z.strictObject({
  type: z.enum(CLOCK_EVENT_TYPES),
  at: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(500).optional(),
});

export const daysQuerySchema = z
  .strictObject({ from: localDay, to: localDay, user: uuid.optional() })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'to must not precede from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000, { path: ['to'], message: 'at most 93 days at once' });

export const userQuerySchema = z.strictObject({ user: uuid.optional() });
export const submitSchema = z.strictObject({ note: z.string().max(1000).optional() });
export const reopenSchema = z.strictObject({ user: uuid, reason: z.string().min(3).max(500) });

export const correctionSchema = z.strictObject({
  date: localDay,
  time: hhmm,
  type: z.enum(CLOCK_EVENT_TYPES),
  reason: z.string().min(3).max(300),
});

export const leaveRequestSchema = z
  .strictObject({
    type: z.enum(LEAVE_TYPES),
    dateFrom: localDay,
    dateTo: localDay,
    halfDay: z.boolean().optional(),
    timeFrom: hhmm.optional(),
    timeTo: hhmm.optional(),
    homeOfficeAddress: z.string().min(5).max(300).optional(),
    homeOfficeTasks: z.string().min(10).max(2000).optional(),
    deputy: uuid.optional(),
    note: z.string().max(1000).optional(),
    override: z.boolean().optional(),
  })
  .refine((q) => q.dateFrom <= q.dateTo, { path: ['dateTo'], message: 'must not precede dateFrom' })
  .refine((q) => q.dateFrom.slice(0, 4) === q.dateTo.slice(0, 4), { path: ['dateTo'], message: 'a request stays within one calendar year' });

export const balanceQuerySchema = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional(), user: uuid.optional() });
export const calendarQuerySchema = z
  .strictObject({ from: localDay, to: localDay })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'to must not precede from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000, { path: ['to'], message: 'at most 93 days at once' });
export const hrMonthQuerySchema = z.strictObject({ department: uuid.optional() });
export const exportQuerySchema = z.strictObject({ department: uuid.optional(), format: z.enum(['csv', 'xlsx']).default('csv') });
export const yearQuerySchema = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

export const workModelSchema = z
  .strictObject({
    weeklyHours: z.number().min(1).max(40).multipleOf(0.25),
    kind: z.enum(['fixed', 'flexible']),
    startTime: hhmm.nullable().optional(),
    coreFrom: hhmm.nullable().optional(),
    coreTo: hhmm.nullable().optional(),
    employmentStart: localDay.nullable().optional(),
    leaveWeeks: z.number().min(4).max(8).multipleOf(0.5).default(5),
    sickDays: z.number().int().min(0).max(10).default(0),
  })
  .refine((m) => !(m.coreFrom && m.coreTo) || m.coreFrom < m.coreTo, { path: ['coreTo'], message: 'must be after coreFrom' });

export const dayOffSchema = z.strictObject({ day: localDay, name: z.string().min(1).max(200) });
export const leaveAccountSchema = z.strictObject({ carriedHours: z.number().min(0).max(400), adjustmentHours: z.number().min(-400).max(400), note: z.string().max(500).optional() });
