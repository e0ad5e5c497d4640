import { Ops1732790000000 } from '../migrations/1732790000000-ops';
import type { SchemaPart } from './schema-part';

/**
 * Tables of the ops area. Migrations: ../migrations/17327900xxxxx-*.ts (that timestamp range
 * belongs to this area), listed here in order.
 */
export const OPS_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [Ops1732790000000],
};
