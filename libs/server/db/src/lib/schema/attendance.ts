import type { SchemaPart } from './schema-part';

/**
 * Tables of the attendance area. Migrations: ../migrations/17327600xxxxx-*.ts (that timestamp range
 * belongs to this area), listed here in order.
 */
export const ATTENDANCE_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [],
};
