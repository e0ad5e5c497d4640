import type { SchemaPart } from './schema-part';

/**
 * Tables of the documents area. Migrations: ../migrations/17327500xxxxx-*.ts (that timestamp range
 * belongs to this area), listed here in order.
 */
export const DOCUMENTS_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [],
};
