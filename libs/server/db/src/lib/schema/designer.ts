import type { SchemaPart } from './schema-part';

/**
 * Tables of the designer area. Migrations: ../migrations/17327800xxxxx-*.ts (that timestamp range
 * belongs to this area), listed here in order.
 */
export const DESIGNER_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [],
};
