import { IdempotencyKeys1732818000000 } from '../migrations/1732818000000-idempotency-keys';
import type { SchemaPart } from './schema-part';

/**
 * Idempotency keys of the HTTP API (issue 18), written only by libs/server/feature-idempotency.
 * Migrations: ../migrations/17328180xxxxx-*.ts (that timestamp range belongs to this part).
 * No entities: the store uses explicit SQL (ON CONFLICT claims, conditional updates).
 */
export const IDEMPOTENCY_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [IdempotencyKeys1732818000000],
};
