import { Designer1732780000000 } from '../migrations/1732780000000-designer';
import type { SchemaPart } from './schema-part';

/**
 * Tables of the designer area. Migrations: ../migrations/17327800xxxxx-*.ts (that timestamp range
 * belongs to this area), listed here in order. No entities: the agenda registry uses explicit SQL.
 */
export const DESIGNER_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [Designer1732780000000],
};
