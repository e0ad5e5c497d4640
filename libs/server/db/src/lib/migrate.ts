import { DataSource } from 'typeorm';

/** Arbitrary but fixed: every replica that migrates at boot takes this lock first. */
const MIGRATION_LOCK_KEY = 727_274_001;

/**
 * Runs pending migrations under a Postgres advisory lock, so several api replicas starting at
 * once apply each migration exactly once. Returns the names of the migrations applied.
 * The lock holds one pooled connection while the migrations use another: the pool needs two.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
