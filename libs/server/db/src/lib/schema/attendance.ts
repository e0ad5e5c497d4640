import { Attendance1732760000000 } from '../migrations/1732760000000-attendance';
import type { SchemaPart } from './schema-part';

/**
 * Tables of the attendance area. Migrations: ../migrations/17327600xxxxx-*.ts (that timestamp range
 * belongs to this area), listed here in order. No entities: the services use explicit SQL.
 */
export const ATTENDANCE_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [Attendance1732760000000],
};
