import { Module } from '@nestjs/common';
import { AgendasModule } from '@agendy/server/feature-agendas';
import { AuditJobsModule, AuditModule } from '@agendy/server/feature-audit';
import { OutboxWorkerModule } from '@agendy/server/feature-outbox';
import { RequestsModule } from '@agendy/server/feature-requests';
import { BookingAccess } from './booking-access';
import { BookingApprovals, BookingApprovalSweep } from './booking-approvals';
import { BookingEffectHandlers } from './booking-effects.handler';
import { AdminResourcesController, BookingsController, ResourcesController } from './booking.controllers';
import { BookingsService } from './bookings.service';
import { ResourcesService } from './resources.service';
import { TripLogService } from './trip-log.service';

/** Resources, bookings, series, availability and the trip logbook over HTTP. */
@Module({
  imports: [AgendasModule, AuditModule, RequestsModule],
  controllers: [ResourcesController, BookingsController, AdminResourcesController],
  providers: [BookingAccess, BookingApprovals, BookingsService, ResourcesService, TripLogService],
  exports: [BookingsService, BookingApprovals],
})
export class BookingModule {}

/** The worker's part: the engine's createBooking/cancelBooking effects and the approval sweep. */
@Module({
  imports: [AuditJobsModule, OutboxWorkerModule],
  providers: [BookingEffectHandlers, BookingApprovals, BookingApprovalSweep],
  exports: [BookingApprovals],
})
export class BookingJobsModule {}
