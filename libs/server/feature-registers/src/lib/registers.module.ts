import { Module } from '@nestjs/common';
import { AgendasCoreModule, AgendasModule } from '@agendy/server/feature-agendas';
import { AuditJobsModule, AuditModule } from '@agendy/server/feature-audit';
import { OutboxWorkerModule } from '@agendy/server/feature-outbox';
import { RequestsModule } from '@agendy/server/feature-requests';
import { ContractsService } from './contracts/contracts.service';
import { CouncilService } from './council/council.service';
import { DashboardsService } from './dashboards/dashboards.service';
import { OpenDataService } from './open-data/open-data.service';
import { PublishToRegisterHandler } from './publish-to-register.handler';
import { RegulationsService } from './regulations/regulations.service';
import { RegistersAccess } from './registers-access';
import { ContractsController, CouncilController, DashboardsController, OpenDataController, RegulationsController } from './registers.controllers';
import { RegistersJobHandlers } from './registers-jobs.handlers';

/** Registers (regulations, contracts, council sessions), dashboards and open data over HTTP (issue 11). */
@Module({
  imports: [AgendasModule, AuditModule, RequestsModule],
  controllers: [RegulationsController, ContractsController, CouncilController, DashboardsController, OpenDataController],
  providers: [RegistersAccess, RegulationsService, ContractsService, CouncilService, DashboardsService, OpenDataService],
})
export class RegistersModule {}

/** The worker's part of registers: publication effects, deadline reminders, the open-data export. */
@Module({
  imports: [AgendasCoreModule, AuditJobsModule, OutboxWorkerModule],
  providers: [PublishToRegisterHandler, RegistersJobHandlers, OpenDataService],
  exports: [RegistersJobHandlers, OpenDataService],
})
export class RegistersJobsModule {}
