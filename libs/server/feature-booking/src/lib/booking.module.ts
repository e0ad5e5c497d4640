import { MailModule } from '@agendy/server/feature-notifications';
import { Module } from '@nestjs/common';
import { AgendasModule } from '@agendy/server/feature-agendas';
import { AuditJobsModule, AuditModule } from '@agendy/server/feature-audit';
import { OutboxModule, OutboxWorkerModule } from '@agendy/server/feature-outbox';
import { RequestsModule } from '@agendy/server/feature-requests';
import { BookingAccess } from './booking-access';
import { BookingApprovals, BookingApprovalSweep } from './booking-approvals';
import { BookingEffectHandlers } from './booking-effects.handler';
import { BookingFeedsService } from './booking-feeds.service';
import { BookingMailContributor } from './booking-mail.contributor';
import { BookingJobs, BookingNotices } from './booking-notices';
import { AdminResourcesController, BookingFeedsController, BookingsController, DriverLicenceController, ResourcesController } from './booking.controllers';
import { CarTripsService } from './car-trips.service';
import { DriverLicenceService } from './driver-licences';
import { CheckInService, NoShowHandlers } from './no-show';
import { BookingsService } from './bookings.service';
import { ResourcesService } from './resources.service';
import { TripLogService } from './trip-log.service';

/** Resources, bookings, series, availability and the trip logbook over HTTP. */
@Module({
  imports: [AgendasModule, AuditModule, RequestsModule, OutboxModule],
  controllers: [ResourcesController, BookingsController, AdminResourcesController, DriverLicenceController, BookingFeedsController],
  providers: [BookingAccess, BookingApprovals, BookingsService, ResourcesService, TripLogService, BookingJobs, BookingNotices, CarTripsService, CheckInService, DriverLicenceService, BookingFeedsService],
  exports: [BookingsService, BookingApprovals],
})
export class BookingModule {}

/**
 * The worker's part: the engine's createBooking/cancelBooking effects, the approval sweep, no-show
 * release, and what booking e-mails carry (registered with feature-notifications, which sends them).
 */
@Module({
  imports: [AuditJobsModule, OutboxWorkerModule, MailModule],
  providers: [BookingEffectHandlers, BookingApprovals, BookingApprovalSweep, BookingJobs, BookingNotices, NoShowHandlers, BookingMailContributor],
  exports: [BookingApprovals],
})
export class BookingJobsModule {}
