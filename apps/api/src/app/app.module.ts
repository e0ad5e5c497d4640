import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, AppConfigModule, loggerParams, ProblemDetailsFilter } from '@agendy/server/core';
import { databaseModule } from '@agendy/server/db';
import { HealthModule } from '@agendy/server/feature-health';
import { IdentityModule } from '@agendy/server/feature-identity';
import { QueueModule } from '@agendy/server/queue';
import { AgendasModule } from '@agendy/server/feature-agendas';
import { AuditModule } from '@agendy/server/feature-audit';
import { NotificationsModule } from '@agendy/server/feature-notifications';
import { RequestsModule } from '@agendy/server/feature-requests';
import { BookingModule } from '@agendy/server/feature-booking';
import { DocumentsModule } from '@agendy/server/feature-documents';
import { AttendanceModule } from '@agendy/server/feature-attendance';
import { RegistersModule } from '@agendy/server/feature-registers';
import { OpsModule } from '@agendy/server/feature-ops';
import { IdempotencyModule } from '@agendy/server/feature-idempotency';

@Module({})
export class AppModule {
  /** Built from the config validated in main.ts; nothing below reads process.env. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'api')),
        databaseModule(config.database, 'agendy-api'),
        QueueModule.forRoot(),
        IdentityModule,
        HealthModule,
        AuditModule,
        AgendasModule,
        RequestsModule,
        NotificationsModule,
        BookingModule,
        DocumentsModule,
        AttendanceModule,
        RegistersModule,
        OpsModule,
        IdempotencyModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
