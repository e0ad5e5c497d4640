import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type {
  AvailabilityResponse,
  BookingInfo,
  BookingListResponse,
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
import { BookingAccess, BookingViewer } from './booking-access';
import {
  availabilitySchema,
  blackoutSchema,
  bookingRulesSchema,
  createBookingSchema,
  createResourceSchema,
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
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<ResourceListResponse> {
    return this.resources.list(await this.viewer(auth), parseBody(listResourcesSchema, query));
  }

  @Get('availability')
  @ApiOperation({ summary: 'Find a slot: resources of a type free for the whole interval (buffers, blackouts and service blocks included)' })
  async availability(@Auth() auth: AuthContext, @Query() query: unknown): Promise<AvailabilityResponse> {
    return this.resources.availability(await this.viewer(auth), parseBody(availabilitySchema, query));
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<ResourceInfo> {
    return this.resources.get(idParam(id));
  }

  @Get(':id/trips')
  @ApiOperation({ summary: "A car's trip logbook (kniha jízd), optionally ?month=YYYY-MM; drivers see their own trips" })
  async tripList(@Auth() auth: AuthContext, @Param('id') id: string, @Query() query: unknown): Promise<TripLogResponse> {
    const q = parseBody(tripListSchema, query);
    return this.trips.list(await this.viewer(auth), idParam(id), q.month);
  }

  @Post(':id/trips')
  @HttpCode(201)
  @ApiOperation({ summary: 'Log a trip (odometer must not go backwards: 422 ODOMETER_BACKWARDS; a gap is flagged)' })
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
  ) {
    super(access, ds);
  }

  @Get()
  @ApiOperation({ summary: 'Bookings between from and to (mine=true, resourceId); bookings the caller may not see come as busy slots' })
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<BookingListResponse> {
    return this.bookings.list(await this.viewer(auth), parseBody(listBookingsSchema, query));
  }

  @Post()
  @ApiOperation({ summary: 'Book: 201 confirmed, 202 pending approval (a room/car agenda request), 409 BOOKING_CONFLICT, 422 GUARD_FAILED (rule)' })
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    const { booking, pending } = await this.bookings.create(viewer, parseBody(createBookingSchema, body), client(req));
    res.status(pending ? 202 : 201);
    return booking;
  }

  @Post('series/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Occurrences of a recurring booking and which of them conflict or break a rule' })
  async preview(@Auth() auth: AuthContext, @Body() body: unknown): Promise<SeriesPreviewResponse> {
    const viewer = await this.viewer(auth);
    return this.bookings.previewSeries(viewer, parseBody(seriesSchema, body));
  }

  @Post('series')
  @HttpCode(201)
  @ApiOperation({ summary: "Book a series; onConflict 'skip' books the free occurrences, 'abort' books none (409/422)" })
  async createSeries(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<SeriesCreatedResponse> {
    const viewer = await this.viewer(auth);
    return this.bookings.createSeries(viewer, parseBody(seriesSchema, body), client(req));
  }

  @Patch('series/:id')
  @ApiOperation({ summary: 'Change title / local start time / duration of every future occurrence (all or nothing)' })
  async updateSeries(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<BookingListResponse> {
    const viewer = await this.viewer(auth);
    idParam(id);
    return this.bookings.updateSeries(viewer, id, parseBody(updateSeriesSchema, body), client(req));
  }

  @Post('series/:id/cancel')
  @HttpCode(200)
  async cancelSeries(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<{ cancelled: number }> {
    const viewer = await this.viewer(auth);
    return this.bookings.cancelSeries(viewer, idParam(id), client(req));
  }

  @Get(':id')
  async detail(@Auth() auth: AuthContext, @Param('id') id: string): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    return this.bookings.detail(viewer, idParam(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Move or rename one booking (one occurrence of a series); 409 STALE / BOOKING_CONFLICT' })
  async update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    idParam(id);
    return this.bookings.update(viewer, id, parseBody(updateBookingSchema, body), client(req));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<BookingInfo> {
    const viewer = await this.viewer(auth);
    return this.bookings.cancel(viewer, idParam(id), client(req));
  }

  @Delete(':id')
  @HttpCode(200)
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
    if (viewer.manages.size === 0) throw new DomainException('FORBIDDEN', 'Needs facility-manager, fleet-manager or system-admin');
    return viewer;
  }

  @Get('resources')
  async list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<ResourceListResponse> {
    const viewer = await this.manager(auth);
    const q = parseBody(listResourcesSchema, query);
    const all = await this.resources.list(viewer, { ...q, includeInactive: 'true' });
    return { items: all.items.filter((r) => viewer.manages.has(r.type)) };
  }

  @Post('resources')
  @HttpCode(201)
  async create(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<ResourceInfo> {
    const viewer = await this.manager(auth);
    return this.resources.create(viewer, parseBody(createResourceSchema, body), client(req));
  }

  @Patch('resources/:id')
  async update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<ResourceInfo> {
    const viewer = await this.manager(auth);
    idParam(id);
    return this.resources.update(viewer, id, parseBody(updateResourceSchema, body), client(req));
  }

  @Delete('resources/:id')
  @ApiOperation({ summary: 'Retire a resource (kept for history, no longer bookable)' })
  async retire(@Auth() auth: AuthContext, @Param('id') id: string, @Req() req: Request): Promise<ResourceInfo> {
    const viewer = await this.manager(auth);
    return this.resources.retire(viewer, idParam(id), client(req));
  }

  @Get('booking-rules/:type')
  async rules(@Auth() auth: AuthContext, @Param('type') type: string): Promise<BookingRulesInfo> {
    await this.manager(auth);
    return this.resources.rules(parseBody(resourceTypeSchema, type));
  }

  @Put('booking-rules/:type')
  async setRules(@Auth() auth: AuthContext, @Param('type') type: string, @Body() body: unknown, @Req() req: Request): Promise<BookingRulesInfo> {
    const viewer = await this.manager(auth);
    return this.resources.setRules(viewer, parseBody(resourceTypeSchema, type), parseBody(bookingRulesSchema, body), client(req));
  }

  @Post('booking-blackouts')
  @HttpCode(201)
  async addBlackout(@Auth() auth: AuthContext, @Body() body: unknown, @Req() req: Request): Promise<{ id: string }> {
    const viewer = await this.manager(auth);
    return this.resources.addBlackout(viewer, parseBody(blackoutSchema, body), client(req));
  }
}
