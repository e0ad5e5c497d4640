import { Module } from '@nestjs/common';
import { AgendasModule } from '@agendy/server/feature-agendas';
import { AuditModule } from '@agendy/server/feature-audit';
import { IdentityCoreModule } from '@agendy/server/feature-identity';
import { RequestsModule } from '@agendy/server/feature-requests';
import { AgendaFiling } from './agenda-filing';
import { AttendanceAccess } from './attendance-access';
import { AttendanceReports } from './attendance-reports.service';
import { AttendanceController, LeaveController } from './attendance.controllers';
import { AttendanceService } from './attendance.service';
import { LeaveDeputiesSync } from './leave-deputies.handler';
import { LeaveSubmissionCheck } from './leave-submission.check';

/** Clocking, working-time models, leave balances, timesheets and payroll export over HTTP (issue 9). */
@Module({
  imports: [AgendasModule, AuditModule, RequestsModule],
  controllers: [AttendanceController, LeaveController],
  providers: [AttendanceAccess, AttendanceService, AttendanceReports, AgendaFiling, LeaveSubmissionCheck],
  exports: [AttendanceService],
})
export class AttendanceModule {}

/** The worker's part: deputies of approved leave. */
@Module({
  imports: [IdentityCoreModule],
  providers: [LeaveDeputiesSync],
  exports: [LeaveDeputiesSync],
})
export class AttendanceJobsModule {}
