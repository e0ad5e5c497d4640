import type { SchemaPart } from './schema-part';

/**
 * Tables of the registers area. Migrations: ../migrations/17327700xxxxx-*.ts (that timestamp range
 * belongs to this area), listed here in order.
 */
export const REGISTERS_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [],
};
