import { DataSource } from 'typeorm';
import { seedDemoDirectory } from '@agendy/server/feature-identity';

/** Empties every table but the migration ledger; faster than re-migrating between tests. */
export async function truncateAll(ds: DataSource): Promise<void> {
  const rows: Array<{ tablename: string }> = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`);
  if (rows.length === 0) return;
  await ds.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/** The demo office (five accounts, password "demo") as the baseline fixture. */
export async function seedDemoOffice(ds: DataSource): Promise<void> {
  await seedDemoDirectory(ds);
}
