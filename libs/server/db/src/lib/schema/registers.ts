import { Registers1732770000000 } from '../migrations/1732770000000-registers';
import type { SchemaPart } from './schema-part';

/**
 * Tables of the registers area. Migrations: ../migrations/17327700xxxxx-*.ts (that timestamp range
 * belongs to this area), listed here in order. No entities: the registers use explicit SQL
 * (full-text search over a generated tsvector, percentile aggregates) that a repository would hide.
 */
export const REGISTERS_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [Registers1732770000000],
};
