import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type {
  AvailabilityResponse,
  BookingFeedInfo,
  BookingInfo,
  BookingListResponse,
  DriverLicenceInfo,
  SharedTripInfo,
  SharedTripListResponse,
  BookingRulesInfo,
  ResourceInfo,
  ResourceListResponse,
  SeriesCreatedResponse,
  SeriesPreviewResponse,
  TripLogEntryInfo,
  TripLogResponse,
} from '@agendy/shared/contracts';
import { DomainException, parseBody } from '@agendy/server/core';
import { Auth, AuthContext } from '@agendy/server/feature-identity';
import { BookingFeedsService } from './booking-feeds.service';
import { CarTripsService } from './car-trips.service';
import { DriverLicenceService } from './driver-licences';
import { logbookCsv, logbookPdf, logbookXlsx } from './logbook-export';
import { CheckInService } from './no-show';
import { BookingAccess, BookingViewer } from './booking-access';
import {
  availabilitySchema,
  blackoutSchema,
  bookingRulesSchema,
  createBookingSchema,
  createResourceSchema,
  driverLicenceSchema,
  feedSchema,
  handoverSchema,
  keyReturnSchema,
  logbookExportSchema,
  sharedTripsSchema,
  listBookingsSchema,
  listResourcesSchema,
  resourceTypeSchema,
  seriesSchema,
  tripListSchema,
  tripSchema,
  updateBookingSchema,
  updateResourceSchema,
  updateSeriesSchema,
} from './booking-schemas';
import { BookingsService } from './bookings.service';
import { ResourcesService } from './resources.service';
import { TripLogService } from './trip-log.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot exist answer 404 like ids the user may not see. */
function idParam(id: string): string {
  if (!UUID.test(id)) throw new DomainException('NOT_FOUND');
  return id;
}

const client = (req: Request) => ({ ip: req.ip ?? null });

abstract class BookingControllerBase {
  constructor(
    protected readonly access: BookingAccess,
    protected readonly ds: DataSource,
  ) {}

  protected viewer(auth: AuthContext): Promise<BookingViewer> {
    return this.access.viewer(auth, this.ds.manager);
  }
}

@ApiTags('booking')
@Controller('v1/resources')
export class ResourcesController extends BookingControllerBase {
  constructor(
    access: BookingAccess,
    ds: DataSource,
    private readonly resources: ResourcesService,
    private readonly trips: TripLogService,
  ) {
    super(access, ds);
  }

  @Get()
  @ApiOperation({ summary: 'Rooms and cars (filters: type, minCapacity, minSeats, equipment=a,b, accessible, location; free between from and to)' })
  @Access.signedIn('rooms and cars every employee may look at; free ones only where the caller may book')
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<ResourceListResponse> {
    return this.resources.list(await this.viewer(auth), parseBody(listResourcesSchema, query));
  }

  @Get('availability')
  @ApiOperation({ summary: 'Find a slot: resources of a type free for the whole interval (buffers, blackouts and service blocks included)' })
  @Access.signedIn('free resources of a type: every employee, limited to those the caller may book')
  async availability(@Auth() auth: AuthContext, @Query() query: unknown): Promise<AvailabilityResponse> {
    return this.resources.availability(await this.viewer(auth), parseBody(availabilitySchema, query));
  }

  @Get(':id')
  @Access.signedIn('a room or car as every employee sees it')
  async get(@Param('id') id: string): Promise<ResourceInfo> {
    return this.resources.get(idParam(id));
  }

  @Get(':id/trips')
  @ApiOperation({ summary: "A car's trip logbook (kniha jízd), optionally ?month=YYYY-MM; drivers see their own trips" })
  @Access.object('car', 'id', 'logbook')
  async tripList(@Auth() auth: AuthContext, @Param('id') id: string, @Query() query: unknown): Promise<TripLogResponse> {
    const q = parseBody(tripListSchema, query);
    return this.trips.list(await this.viewer(auth), idParam(id), q.month);
  }

  @Get(':id/trips/export')
  @ApiOperation({ summary: "A car's logbook for one month as CSV, XLSX or PDF (?month=YYYY-MM&format=csv|xlsx|pdf)" })
  @Access.object('car', 'id', 'logbook')
  async exportTrips(@Auth() auth: AuthContext, @Param('id') id: string, @Query() query: unknown, @Res() res: Response): Promise<void> {
    // The object first, then the query: an unknown id answers 404 whatever the parameters.
    const viewer = await this.viewer(auth);
    const car = await this.resources.get(idParam(id));
    if (car.type !== 'car' || !car.car) throw new DomainException('NOT_FOUND');
    const q = parseBody(logbookExportSchema, query);
    const book = { car: { name: car.name, plate: car.car.plate, model: car.car.model }, month: q.month, trips: (await this.trips.list(viewer, id, q.month)).items };
    const base = `kniha-jizd-${car.code}-${q.month}`;
    const [body, type]: [string | Buffer, string] =
      q.format === 'csv'
        ? [logbookCsv(book), 'text/csv; charset=utf-8']
        : q.format === 'xlsx'
          ? [await logbookXlsx(book), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']
          : [await logbookPdf(book), 'application/pdf'];
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="${base}.${q.format}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }

  @Post(':id/trips')
  @HttpCode(201)
  @ApiOperation({ summary: 'Log a trip (odometer must not go backwards: 422 ODOMETER_BACKWARDS; a gap is flagged)' })
  @Access.object('car', 'id', 'logbook')
  async logTrip(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<TripLogEntryInfo> {
    const viewer = await this.viewer(auth);
    idParam(id);
    return this.trips.log(viewer, id, parseBody(tripSchema, body), client(req));
  }
}

@ApiTags('booking')
@Controller('v1/bookings')
export class BookingsController extends BookingControllerBase {
  constructor(
    access: BookingAccess,
    ds: DataSource,
    private readonly bookings: BookingsService,
    private readonly carTrips: CarTripsService,
    private readonly checkIns: CheckInService,
  ) {
    super(access, ds);
  }

  @Get('shared-trips')
  @ApiOperation({ summary: 'Car sharing: upcoming shared trips with destination, driver and free seats' })
  @Access.signedIn('upcoming shared car trips: every employee may ride along')
  async sharedTrips(@Auth() auth: AuthContext, @Query() query: unknown): Promise<SharedTripListResponse> {
    const q = parseBody(sharedTripsSchema, query);
    return this.carTrips.sharedTrips(await this.viewer(auth), q.from, q.to);
  }

  @Post(':id/join')
  @HttpCode(200)
  @ApiOperation({ summary: 'Join a shared trip as a passenger (409 TRIP_FULL); the driver is notified' })
  @Access.object('booking', 'id', 'join')
  async join(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<SharedTripInfo> {
    const viewer = await this.viewer(auth);
    return this.carTrips.join(viewer, idParam(id), client(req));
  }

  @Post(':id/leave')
  @HttpCode(200)
  @Access.object('booking', 'id', 'leave')
  async leave(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<SharedTripInfo> {
    const viewer = await this.viewer(auth);
    return this.carTrips.leave(viewer, idParam(id), client(req));
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check into a room booking (from 15 min before the start); unchecked bookings are released 15 min after the start' })
  @Access.object('booking', 'id', 'change')
  async checkIn(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    return this.checkIns.checkIn(viewer, idParam(id), client(req));
  }

  @Post(':id/key-handover')
  @HttpCode(200)
  @ApiOperation({ summary: 'Car key handed to the driver: time and odometer' })
  @Access.object('booking', 'id', 'change')
  async handover(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    return this.carTrips.handover(viewer, idParam(id), parseBody(handoverSchema, body), client(req));
  }

  @Post(':id/key-return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Car key returned: time and odometer; the trip is written to the logbook' })
  @Access.object('booking', 'id', 'change')
  async keyReturn(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<{ booking: BookingInfo; trip: TripLogEntryInfo }> {
    const viewer = await this.viewer(auth);
    return this.carTrips.keyReturn(viewer, idParam(id), parseBody(keyReturnSchema, body), client(req));
  }

  @Get()
  @ApiOperation({ summary: 'Bookings between from and to (mine=true, resourceId); bookings the caller may not see come as busy slots' })
  @Access.signedIn('bookings the caller may see in full; the rest as busy slots (rules/booking.ts maySeeBooking)')
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<BookingListResponse> {
    return this.bookings.list(await this.viewer(auth), parseBody(listBookingsSchema, query));
  }

  @Post()
  @ApiOperation({ summary: 'Book: 201 confirmed, 202 pending approval (a room/car agenda request), 409 BOOKING_CONFLICT, 422 GUARD_FAILED (rule)' })
  @Access.signedIn('books in the caller’s own name; the resource’s who-may-book lists decide (rules/booking.ts mayBookResource)')
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    const { booking, pending } = await this.bookings.create(viewer, parseBody(createBookingSchema, body), client(req));
    res.status(pending ? 202 : 201);
    return booking;
  }

  @Post('series/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Occurrences of a recurring booking and which of them conflict or break a rule' })
  @Access.signedIn('previews a series in the caller’s own name')
  async preview(@Auth() auth: AuthContext, @Body() body: unknown): Promise<SeriesPreviewResponse> {
    const viewer = await this.viewer(auth);
    return this.bookings.previewSeries(viewer, parseBody(seriesSchema, body));
  }

  @Post('series')
  @HttpCode(201)
  @ApiOperation({ summary: "Book a series; onConflict 'skip' books the free occurrences, 'abort' books none (409/422)" })
  @Access.signedIn('books a series in the caller’s own name (who-may-book lists as for one booking)')
  async createSeries(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<SeriesCreatedResponse> {
    const viewer = await this.viewer(auth);
    return this.bookings.createSeries(viewer, parseBody(seriesSchema, body), client(req));
  }

  @Patch('series/:id')
  @ApiOperation({ summary: 'Change title / local start time / duration of every future occurrence (all or nothing)' })
  @Access.object('booking-series', 'id', 'change')
  async updateSeries(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<BookingListResponse> {
    const viewer = await this.viewer(auth);
    idParam(id);
    return this.bookings.updateSeries(viewer, id, parseBody(updateSeriesSchema, body), client(req));
  }

  @Post('series/:id/cancel')
  @HttpCode(200)
  @Access.object('booking-series', 'id', 'change')
  async cancelSeries(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<{ cancelled: number }> {
    const viewer = await this.viewer(auth);
    return this.bookings.cancelSeries(viewer, idParam(id), client(req));
  }

  @Get(':id')
  @Access.object('booking', 'id', 'read')
  async detail(@Auth() auth: AuthContext, @Param('id') id: string): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    return this.bookings.detail(viewer, idParam(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Move or rename one booking (one occurrence of a series); 409 STALE / BOOKING_CONFLICT' })
  @Access.object('booking', 'id', 'change')
  async update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    idParam(id);
    return this.bookings.update(viewer, id, parseBody(updateBookingSchema, body), client(req));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Access.object('booking', 'id', 'change')
  async cancel(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    return this.bookings.cancel(viewer, idParam(id), client(req));
  }

  @Delete(':id')
  @HttpCode(200)
  @Access.object('booking', 'id', 'change')
  async remove(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    return this.bookings.cancel(viewer, idParam(id), client(req));
  }
}

/** Facility managers (rooms), fleet managers (cars) and system administrators. */
@ApiTags('booking-admin')
@Controller('v1/admin')
export class AdminResourcesController extends BookingControllerBase {
  constructor(
    access: BookingAccess,
    ds: DataSource,
    private readonly resources: ResourcesService,
  ) {
    super(access, ds);
  }

  private async manager(auth: AuthContext): Promise<BookingViewer> {
    const viewer = await this.viewer(auth);
    if (viewer.manages.size === 0) throw new DomainException('FORBIDDEN', 'Needs the facility-manager or fleet-manager role of the booking agendas');
    return viewer;
  }

  @Get('resources')
  @Access.capability('resource-management')
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<ResourceListResponse> {
    const viewer = await this.manager(auth);
    const q = parseBody(listResourcesSchema, query);
    const all = await this.resources.list(viewer, { ...q, includeInactive: 'true' });
    return { items: all.items.filter((r) => viewer.manages.has(r.type)) };
  }

  @Post('resources')
  @HttpCode(201)
  @Access.capability('resource-management')
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<ResourceInfo> {
    const viewer = await this.manager(auth);
    return this.resources.create(viewer, parseBody(createResourceSchema, body), client(req));
  }

  @Patch('resources/:id')
  @Access.object('resource', 'id', 'manage')
  async update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<ResourceInfo> {
    const viewer = await this.manager(auth);
    idParam(id);
    return this.resources.update(viewer, id, parseBody(updateResourceSchema, body), client(req));
  }

  @Delete('resources/:id')
  @ApiOperation({ summary: 'Retire a resource (kept for history, no longer bookable)' })
  @Access.object('resource', 'id', 'manage')
  async retire(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<ResourceInfo> {
    const viewer = await this.manager(auth);
    return this.resources.retire(viewer, idParam(id), client(req));
  }

  @Get('booking-rules/:type')
  @Access.capability('resource-management')
  async rules(@Auth() auth: AuthContext, @Param('type') type: string): Promise<BookingRulesInfo> {
    await this.manager(auth);
    return this.resources.rules(parseBody(resourceTypeSchema, type));
  }

  @Put('booking-rules/:type')
  @Access.object('resource-type', 'type', 'manage')
  async setRules(@Auth() auth: AuthContext, @Param('type') type: string, @Body() body: unknown, @Req() req: Request): Promise<BookingRulesInfo> {
    const viewer = await this.manager(auth);
    return this.resources.setRules(viewer, parseBody(resourceTypeSchema, type), parseBody(bookingRulesSchema, body), client(req));
  }

  @Post('booking-blackouts')
  @HttpCode(201)
  @Access.capability('resource-management')
  async addBlackout(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<{ id: string }> {
    const viewer = await this.manager(auth);
    return this.resources.addBlackout(viewer, parseBody(blackoutSchema, body), client(req));
  }
}

@ApiTags('booking')
@Controller('v1/driver-licence')
export class DriverLicenceController extends BookingControllerBase {
  constructor(
    access: BookingAccess,
    ds: DataSource,
    private readonly licences: DriverLicenceService,
  ) {
    super(access, ds);
  }

  @Get()
  @ApiOperation({ summary: "The caller's driver's licence and driver-training validity" })
  @Access.signedIn('the caller’s own licence')
  async mine(@Auth() auth: AuthContext): Promise<DriverLicenceInfo> {
    const viewer = await this.viewer(auth);
    return this.licences.get(viewer, viewer.facts.userId);
  }

  @Put()
  @ApiOperation({ summary: "Confirm one's own licence and training dates (car bookings are refused after they expire)" })
  @Access.signedIn('confirms the caller’s own licence')
  async confirm(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<DriverLicenceInfo> {
    const viewer = await this.viewer(auth);
    return this.licences.set(viewer, viewer.facts.userId, parseBody(driverLicenceSchema, body), client(req));
  }

  @Put(':userId')
  @ApiOperation({ summary: "Fleet manager: record a driver's licence and training dates" })
  @Access.object('driver', 'userId', 'record')
  async record(@Auth() auth: AuthContext, @Param('userId') userId: string, @Body() body: unknown, @Req() req: Request): Promise<DriverLicenceInfo> {
    const viewer = await this.viewer(auth);
    return this.licences.set(viewer, idParam(userId), parseBody(driverLicenceSchema, body), client(req));
  }
}

@ApiTags('booking')
@Controller('v1/booking-feeds')
export class BookingFeedsController extends BookingControllerBase {
  constructor(
    access: BookingAccess,
    ds: DataSource,
    private readonly feeds: BookingFeedsService,
  ) {
    super(access, ds);
  }

  @Get()
  @Access.signedIn('the caller’s own calendar feeds')
  async list(@Auth() auth: AuthContext): Promise<{ items: BookingFeedInfo[] }> {
    return this.feeds.list(await this.viewer(auth));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'The tokenised iCal feed URL of my bookings (or of one resource: {resourceId}); created on first use' })
  @Access.signedIn('the caller’s own feed (a resource’s feed for its managers only, decided by the service)')
  async ensure(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<BookingFeedInfo> {
    const viewer = await this.viewer(auth);
    return this.feeds.ensure(viewer, parseBody(feedSchema, body ?? {}).resourceId, client(req));
  }

  @Post('revoke')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the feed URL (e.g. when it leaked); a new one is issued on the next request' })
  @Access.signedIn('revokes the caller’s own feed')
  async revoke(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<void> {
    const viewer = await this.viewer(auth);
    await this.feeds.revoke(viewer, parseBody(feedSchema, body ?? {}).resourceId, client(req));
  }

  @Get(':token')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: 'The iCal feed (RFC 5545) for calendar clients; no login, the token is the key' })
  @Access.public('calendar feed: the unguessable token in the URL is the credential')
  async feed(@Param('token') token: string): Promise<string> {
    return this.feeds.render(token);
  }
}
