import { DataSource, DataSourceOptions } from 'typeorm';
import { installTransactionGuard } from './transaction-discipline';
import { FOUNDATION_SCHEMA } from './schema/foundation';
import { IDENTITY_SCHEMA } from './schema/identity';
import { RUNTIME_SCHEMA } from './schema/runtime';
import { BOOKING_SCHEMA } from './schema/booking';
import { DOCUMENTS_SCHEMA } from './schema/documents';
import { ATTENDANCE_SCHEMA } from './schema/attendance';
import { REGISTERS_SCHEMA } from './schema/registers';
import { DESIGNER_SCHEMA } from './schema/designer';
import { OPS_SCHEMA } from './schema/ops';
import { IDEMPOTENCY_SCHEMA } from './schema/idempotency';

const PARTS = [
  FOUNDATION_SCHEMA,
  IDENTITY_SCHEMA,
  RUNTIME_SCHEMA,
  BOOKING_SCHEMA,
  DOCUMENTS_SCHEMA,
  ATTENDANCE_SCHEMA,
  REGISTERS_SCHEMA,
  DESIGNER_SCHEMA,
  OPS_SCHEMA,
  IDEMPOTENCY_SCHEMA,
];

/** Listed explicitly (no globs): the apps are bundled, and a glob would silently match nothing. */
export const ENTITIES = PARTS.flatMap((p) => p.entities);
/** TypeORM orders migrations by the timestamp in their class name, whatever the order here. */
export const MIGRATIONS = PARTS.flatMap((p) => p.migrations);

/**
 * Server-side limits on every application connection, so a transaction that stops making progress
 * ends with an error (and releases its locks) instead of freezing everyone behind it. 0 = none.
 * Migrations and the CLI run without them (a migration may legitimately take minutes).
 */
export interface DatabaseGuards {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

export const NO_DATABASE_GUARDS: DatabaseGuards = { statementTimeoutMs: 0, lockTimeoutMs: 0, idleInTransactionTimeoutMs: 0 };

/** The one set of options used by Nest, the CLI and the tests. `synchronize` is never on. */
export function dataSourceOptions(url: string, poolSize = 10, applicationName = 'agendy', guards: DatabaseGuards = NO_DATABASE_GUARDS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Not 'error': expected failures (exclusion conflicts, unique keys) are answered as 409s, and a
    // failed query's parameters may hold personal data. Unexpected ones reach the problem filter's log.
    logging: ['warn', 'migration'],
    applicationName,
    extra: {
      max: poolSize,
      // Fail fast when Postgres is unreachable instead of queueing requests forever.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      // node-postgres sends these as startup parameters: they hold for the connection's life.
      ...(guards.statementTimeoutMs > 0 ? { statement_timeout: guards.statementTimeoutMs } : {}),
      ...(guards.lockTimeoutMs > 0 ? { lock_timeout: guards.lockTimeoutMs } : {}),
      ...(guards.idleInTransactionTimeoutMs > 0 ? { idle_in_transaction_session_timeout: guards.idleInTransactionTimeoutMs } : {}),
    },
  };
}

export function createDataSource(url: string, poolSize = 10, applicationName = 'agendy', guards: DatabaseGuards = NO_DATABASE_GUARDS): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize, applicationName, guards));
}

/** For TypeOrmModule's `dataSourceFactory`: every process's DataSource carries the transaction guard. */
export async function initializeGuardedDataSource(options: DataSourceOptions): Promise<DataSource> {
  return installTransactionGuard(await new DataSource(options).initialize());
}
