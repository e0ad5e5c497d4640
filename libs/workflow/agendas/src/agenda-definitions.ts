import type { AgendaDefinition } from '@agendy/workflow/engine';
import attendanceCorrection from './definitions/attendance-correction.agenda.json';
import attendanceTimesheet from './definitions/attendance-timesheet.agenda.json';
import contractOrder from './definitions/contract-order.agenda.json';
import councilMaterial from './definitions/council-material.agenda.json';
import grantApplication from './definitions/grant-application.agenda.json';
import internalRegulation from './definitions/internal-regulation.agenda.json';
import leaveRequest from './definitions/leave-request.agenda.json';
import maintenanceRequest from './definitions/maintenance-request.agenda.json';
import roomBooking from './definitions/room-booking.agenda.json';
import serviceCarBooking from './definitions/service-car-booking.agenda.json';
import trainingRequest from './definitions/training-request.agenda.json';

/**
 * Every agenda the office ships, as data. JSON imports are typed by their literal shape, so
 * they are widened to the definition type here; `validateDefinition` (run by the tests and
 * by `npm run agenda:check`) is what vouches for them.
 */
export const agendaDefinitions: readonly AgendaDefinition[] = Object.freeze(
  [
    grantApplication,
    attendanceTimesheet,
    attendanceCorrection,
    leaveRequest,
    trainingRequest,
    maintenanceRequest,
    roomBooking,
    serviceCarBooking,
    internalRegulation,
    councilMaterial,
    contractOrder,
  ].map((definition) => definition as unknown as AgendaDefinition),
);

export function findAgendaDefinition(code: string, version?: number): AgendaDefinition | undefined {
  const candidates = agendaDefinitions.filter((d) => d.code === code && (version === undefined || d.version === version));
  return candidates.sort((a, b) => b.version - a.version)[0];
}
