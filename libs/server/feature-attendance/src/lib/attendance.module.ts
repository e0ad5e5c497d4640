import { Module } from '@nestjs/common';

/** Clocking, working-time models, leave balances, timesheets and payroll export over HTTP (issue 9). */
@Module({})
export class AttendanceModule {}

/** The worker's part of attendance. */
@Module({})
export class AttendanceJobsModule {}
