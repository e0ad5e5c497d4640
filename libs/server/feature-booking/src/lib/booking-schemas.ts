import { z } from 'zod';
import { CAR_FUELS, RESOURCE_TYPES } from '@agendy/shared/contracts';

/** ISO 8601 instant with an explicit offset (`Z` or `+01:00`): a booking time is never ambiguous. */
export const instant = z.iso.datetime({ offset: true });
const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/);
const localDay = z.iso.date();
const csvList = z
  .string()
  .max(500)
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''));

export const resourceTypeSchema = z.enum(RESOURCE_TYPES);

export const listResourcesSchema = z.strictObject({
  type: resourceTypeSchema.optional(),
  minCapacity: z.coerce.number().int().min(1).max(10_000).optional(),
  minSeats: z.coerce.number().int().min(1).max(100).optional(),
  equipment: csvList.optional(),
  accessible: z.enum(['true', 'false']).optional(),
  location: z.string().max(200).optional(),
  from: instant.optional(),
  to: instant.optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});
export type ListResourcesQuery = z.infer<typeof listResourcesSchema>;

export const availabilitySchema = listResourcesSchema.extend({ type: resourceTypeSchema, from: instant, to: instant });

const roomFields = z.strictObject({
  building: z.string().max(200).nullable().optional(),
  floor: z.number().int().min(-5).max(100).nullable().optional(),
  capacity: z.number().int().min(1).max(10_000),
  equipment: z.array(z.string().min(1).max(60)).max(50).default([]),
  accessible: z.boolean().default(false),
});
const carFields = z.strictObject({
  plate: z.string().min(2).max(20),
  model: z.string().max(200).nullable().optional(),
  seats: z.number().int().min(1).max(100),
  fuel: z.enum(CAR_FUELS),
  homeLocation: z.string().max(200).nullable().optional(),
  odometerKm: z.number().int().min(0).max(9_999_999).default(0),
  serviceDue: localDay.nullable().optional(),
  stkDue: localDay.nullable().optional(),
  blockedUntil: instant.nullable().optional(),
});

const resourceBase = {
  code,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  active: z.boolean().default(true),
  needsApproval: z.boolean().default(false),
  allowedRoles: z.array(z.string().min(1).max(80)).max(50).default([]),
  allowedDepartments: z.array(z.string().min(1).max(40)).max(200).default([]),
};

export const createResourceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('room'), ...resourceBase, room: roomFields }),
  z.strictObject({ type: z.literal('car'), ...resourceBase, car: carFields }),
]);
export type CreateResourceInput = z.infer<typeof createResourceSchema>;

export const updateResourceSchema = z.strictObject({
  expectedVersion: z.number().int().positive(),
  name: resourceBase.name.optional(),
  description: resourceBase.description,
  active: z.boolean().optional(),
  needsApproval: z.boolean().optional(),
  allowedRoles: resourceBase.allowedRoles.optional(),
  allowedDepartments: resourceBase.allowedDepartments.optional(),
  room: roomFields.partial().optional(),
  car: carFields.omit({ odometerKm: true }).partial().optional(),
});
export type UpdateResourceInput = z.infer<typeof updateResourceSchema>;

export const bookingRulesSchema = z.strictObject({
  minNoticeMinutes: z.number().int().min(0).max(525_600),
  maxAdvanceDays: z.number().int().min(1).max(3_650),
  minDurationMinutes: z.number().int().min(1).max(100_000),
  maxDurationMinutes: z.number().int().min(1).max(100_000),
  bufferMinutes: z.number().int().min(0).max(1_440),
  businessStartMinute: z.number().int().min(0).max(1_440).nullable(),
  businessEndMinute: z.number().int().min(0).max(1_440).nullable(),
  businessDays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  maxActivePerUser: z.number().int().min(1).max(10_000).nullable(),
});
export type BookingRulesInput = z.infer<typeof bookingRulesSchema>;

export const blackoutSchema = z.strictObject({
  resourceType: resourceTypeSchema,
  resourceId: z.uuid().optional(),
  start: instant,
  end: instant,
  reason: z.string().min(1).max(500),
});

const bookingCore = {
  resourceId: z.uuid(),
  title: z.string().trim().min(1).max(200),
  /** Room requests that need approval: number of attendees (the agenda checks it against the hall). */
  attendees: z.number().int().min(1).max(10_000).optional(),
  /** Cars: where to, free seats for colleagues, the driver's confirmation of a valid licence and training. */
  destination: z.string().trim().min(2).max(200).optional(),
  purpose: z.string().trim().min(5).max(500).optional(),
  passengers: z.number().int().min(0).max(50).optional(),
  licenceConfirmed: z.boolean().optional(),
  /** Cars: offer the free seats to colleagues (car sharing). */
  shared: z.boolean().optional(),
};

export const createBookingSchema = z.strictObject({ ...bookingCore, start: instant, end: instant });
export type CreateBookingInput = z.infer<typeof createBookingSchema>;

export const updateBookingSchema = z.strictObject({
  expectedVersion: z.number().int().positive(),
  start: instant.optional(),
  end: instant.optional(),
  title: z.string().trim().min(1).max(200).optional(),
});

export const seriesSchema = z.strictObject({
  ...bookingCore,
  /** The first occurrence; its Prague wall-clock time is kept by every occurrence. */
  start: instant,
  end: instant,
  rrule: z.string().min(8).max(300),
  onConflict: z.enum(['skip', 'abort']).default('abort'),
});
export type SeriesInput = z.infer<typeof seriesSchema>;

export const updateSeriesSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  /** New local start time (Europe/Prague) of every future occurrence. */
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
  durationMinutes: z.number().int().min(1).max(100_000).optional(),
});

export const listBookingsSchema = z.strictObject({
  mine: z.enum(['true', 'false']).optional(),
  resourceId: z.uuid().optional(),
  from: instant.optional(),
  to: instant.optional(),
  includeCancelled: z.enum(['true', 'false']).optional(),
});

export const tripSchema = z.strictObject({
  bookingId: z.uuid().optional(),
  driverId: z.uuid().optional(),
  departedAt: instant,
  arrivedAt: instant,
  startPlace: z.string().trim().min(2).max(200),
  endPlace: z.string().trim().min(2).max(200),
  purpose: z.string().trim().min(2).max(500),
  odometerStart: z.number().int().min(0).max(9_999_999),
  odometerEnd: z.number().int().min(0).max(9_999_999),
});
export type TripInput = z.infer<typeof tripSchema>;

export const tripListSchema = z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() });

const odometer = z.number().int().min(0).max(9_999_999);

/** Key handover at departure: the odometer reading as the driver takes the car. */
export const handoverSchema = z.strictObject({ odometerKm: odometer, at: instant.optional() });

/** Key return: the arrival reading; the trip is written to the logbook at once. */
export const keyReturnSchema = z.strictObject({
  odometerKm: odometer,
  at: instant.optional(),
  startPlace: z.string().trim().min(2).max(200).optional(),
  endPlace: z.string().trim().min(2).max(200).optional(),
  purpose: z.string().trim().min(2).max(500).optional(),
});
export type KeyReturnInput = z.infer<typeof keyReturnSchema>;

export const driverLicenceSchema = z.strictObject({ licenceValidUntil: localDay, trainingValidUntil: localDay });

export const feedSchema = z.strictObject({ resourceId: z.uuid().optional() });

export const logbookExportSchema = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  format: z.enum(['csv', 'xlsx', 'pdf']),
});

export const sharedTripsSchema = z.strictObject({ from: instant.optional(), to: instant.optional() });
