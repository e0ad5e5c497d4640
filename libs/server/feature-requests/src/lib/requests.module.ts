import { Module } from '@nestjs/common';
import { AgendasCoreModule, AgendasModule } from '@agendy/server/feature-agendas';
import { AuditJobsModule, AuditModule } from '@agendy/server/feature-audit';
import { OutboxModule, OutboxWorkerModule } from '@agendy/server/feature-outbox';
import { AttachmentsService } from './attachments.service';
import { BulkTransitions } from './bulk-transitions.service';
import { CommentsService } from './comments.service';
import { TimerHandler } from './effect-handlers';
import { RequestMigrationsController } from './request-migrations.controller';
import { RequestMigrations } from './request-migrations.service';
import { RequestQueries } from './request-queries.service';
import { RequestRuntime } from './request-runtime.service';
import { RequestVisibility } from './request-visibility';
import { RequestsAccess } from './requests-access';
import { RequestsController } from './requests.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { TransitionChecks } from './transition-checks';

/** Requests, transitions, inbox, comments and attachments over HTTP. */
@Module({
  imports: [AgendasModule, AuditModule, OutboxModule],
  controllers: [RequestsController, TasksController, RequestMigrationsController],
  providers: [RequestRuntime, RequestVisibility, RequestQueries, RequestMigrations, TasksService, CommentsService, AttachmentsService, BulkTransitions, TransitionChecks, RequestsAccess],
  exports: [RequestRuntime, TransitionChecks],
})
export class RequestsModule {}

/** The worker's part: deadline timers, plus the outbox relay loop. */
@Module({
  imports: [AgendasCoreModule, AuditJobsModule, OutboxWorkerModule],
  providers: [RequestRuntime, RequestVisibility, TimerHandler, TransitionChecks],
  exports: [RequestRuntime, TransitionChecks],
})
export class RequestsJobsModule {}
