import { DynamicModule, Module } from '@nestjs/common';

import { LoggerModule } from 'nestjs-pino';
import { AppConfig, AppConfigModule, loggerParams } from '@agendy/server/core';
import { databaseModule } from '@agendy/server/db';
import { IdentityJobsModule } from '@agendy/server/feature-identity';
import { QueueModule, WorkerHostModule } from '@agendy/server/queue';
import { NotificationsJobsModule } from '@agendy/server/feature-notifications';
import { RequestsJobsModule } from '@agendy/server/feature-requests';
import { BookingJobsModule } from '@agendy/server/feature-booking';
import { DocumentsJobsModule } from '@agendy/server/feature-documents';
import { AttendanceJobsModule } from '@agendy/server/feature-attendance';
import { RegistersJobsModule } from '@agendy/server/feature-registers';
import { OpsJobsModule } from '@agendy/server/feature-ops';
import { IdempotencyJobsModule } from '@agendy/server/feature-idempotency';
import { HeartbeatHandler } from './heartbeat.handler';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'worker')),
        databaseModule(config.database, 'agendy-worker', Math.min(config.database.poolSize, 5)),
        QueueModule.forRoot(),
        IdentityJobsModule,
        RequestsJobsModule,
        NotificationsJobsModule,
        BookingJobsModule,
        DocumentsJobsModule,
        AttendanceJobsModule,
        RegistersJobsModule,
        OpsJobsModule,
        IdempotencyJobsModule,
        WorkerHostModule,
      ],
      providers: [HeartbeatHandler],
    };
  }
}

