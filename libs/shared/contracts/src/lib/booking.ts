/**
 * Booking of meeting rooms and service cars (issue 8). Times are ISO 8601 instants with an offset
 * (stored as timestamptz); recurrence is evaluated on the Europe/Prague wall clock.
 */

export const RESOURCE_TYPES = ['room', 'car'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const BOOKING_STATUSES = ['pending', 'confirmed', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const CAR_FUELS = ['petrol', 'diesel', 'electric', 'hybrid', 'cng', 'lpg'] as const;
export type CarFuel = (typeof CAR_FUELS)[number];

export interface ResourceInfo {
  id: string;
  type: ResourceType;
  /** Stable code, also the value of the room/car field in the booking agendas (e.g. `velky-sal`, `7L12345`). */
  code: string;
  name: string;
  description: string | null;
  active: boolean;
  needsApproval: boolean;
  /** Empty = everybody may book. */
  allowedRoles: string[];
  /** Department codes; empty = every department. */
  allowedDepartments: string[];
  room?: { building: string | null; floor: number | null; capacity: number; equipment: string[]; accessible: boolean };
  car?: {
    plate: string;
    model: string | null;
    seats: number;
    fuel: CarFuel;
    homeLocation: string | null;
    odometerKm: number;
    serviceDue: string | null;
    stkDue: string | null;
    blockedUntil: string | null;
  };
  version: number;
}

export interface ResourceListResponse {
  items: ResourceInfo[];
}

export interface BookingRulesInfo {
  resourceType: ResourceType;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  minDurationMinutes: number;
  maxDurationMinutes: number;
  /** Added after every booking and blocked for others (cleaning, charging). */
  bufferMinutes: number;
  /** Minutes after local midnight (Europe/Prague); null = no business hours. */
  businessStartMinute: number | null;
  businessEndMinute: number | null;
  /** ISO weekdays 1 (Monday) … 7 (Sunday). */
  businessDays: number[];
  maxActivePerUser: number | null;
}

export interface BookingInfo {
  id: string;
  resourceId: string;
  resourceName: string;
  resourceType: ResourceType;
  title: string;
  start: string;
  end: string;
  /** End of the time held for others (end + buffer). */
  blockedUntil: string;
  status: BookingStatus;
  owner: { id: string; displayName: string };
  seriesId: string | null;
  /** The room/car agenda request that approves this booking, when the resource needs approval. */
  requestId: string | null;
  passengers: number;
  destination: string | null;
  version: number;
  createdAt: string;
  /** Room bookings: when the owner checked in (a room not checked in 15 min after the start is released). */
  checkedInAt: string | null;
  /** Released automatically as a no-show. */
  releasedAt: string | null;
  /** Car bookings offered for car sharing (colleagues may join as passengers). */
  shared: boolean;
  /** Colleagues who joined the trip. */
  joinedPassengers: Array<{ id: string; displayName: string }>;
  /** Car bookings: free seats left (seats − driver − passengers − joined colleagues). */
  freeSeats: number | null;
  keyHandedAt: string | null;
  keyOdometerStart: number | null;
  keyReturnedAt: string | null;
  keyOdometerEnd: number | null;
}

/** What someone who may not see a booking learns about it: the resource is busy then. */
export interface BusySlot {
  resourceId: string;
  start: string;
  end: string;
  busy: true;
}

export interface BookingListResponse {
  items: Array<BookingInfo | BusySlot>;
}

/** The extension of a 409 BOOKING_CONFLICT problem. */
export interface BookingConflictInfo {
  start: string;
  end: string;
  /** Only when the caller may see the conflicting booking. */
  bookingId?: string;
  owner?: { id: string; displayName: string };
}

export interface OccurrencePreview {
  start: string;
  end: string;
  conflict: BookingConflictInfo | null;
  /** Booking rules this occurrence breaks (codes such as BOOKING_OUTSIDE_HOURS). */
  violations: string[];
}

export interface SeriesPreviewResponse {
  occurrences: OccurrencePreview[];
}

export interface SeriesCreatedResponse {
  seriesId: string;
  created: BookingInfo[];
  skipped: OccurrencePreview[];
}

export interface AvailabilityResponse {
  from: string;
  to: string;
  items: ResourceInfo[];
}

export interface TripLogEntryInfo {
  id: string;
  resourceId: string;
  bookingId: string | null;
  driver: { id: string; displayName: string };
  departedAt: string;
  arrivedAt: string;
  startPlace: string;
  endPlace: string;
  purpose: string;
  odometerStart: number;
  odometerEnd: number;
  km: number;
  /** km nobody logged between the previous arrival and this departure (flagged, not refused). */
  continuityGapKm: number;
}

export interface TripLogResponse {
  items: TripLogEntryInfo[];
}

/** A shared car trip as every employee sees it (car sharing): where, when, who drives, free seats. */
export interface SharedTripInfo {
  bookingId: string;
  resourceId: string;
  resourceName: string;
  start: string;
  end: string;
  destination: string | null;
  driver: { id: string; displayName: string };
  freeSeats: number;
  /** The caller already joined this trip. */
  joined: boolean;
}

export interface SharedTripListResponse {
  items: SharedTripInfo[];
}

/** A driver's licence and periodic driver training, confirmed by the employee (or recorded by the fleet manager). */
export interface DriverLicenceInfo {
  userId: string;
  licenceValidUntil: string | null;
  trainingValidUntil: string | null;
  confirmedAt: string | null;
}

/** A tokenised iCal feed (no login needed to read it: calendar apps cannot log in). */
export interface BookingFeedInfo {
  /** Path under the site, e.g. /api/v1/booking-feeds/<token>.ics */
  url: string;
  resourceId: string | null;
  createdAt: string;
}

export const LOGBOOK_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type LogbookFormat = (typeof LOGBOOK_FORMATS)[number];
