import type { SchemaPart } from './schema-part';

/**
 * Tables of the ops area. Migrations: ../migrations/17327900xxxxx-*.ts (that timestamp range
 * belongs to this area), listed here in order.
 */
export const OPS_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [],
};
