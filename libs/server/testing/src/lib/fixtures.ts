import { DataSource } from 'typeorm';
import { seedDemoDirectory } from '@agendy/server/feature-identity';

/** Empties every table but the migration ledger; faster than re-migrating between tests. */
export async function truncateAll(ds: DataSource): Promise<void> {
  const rows: Array<{ tablename: string }> = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`);
  if (rows.length === 0) return;
  const sql = `TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`;
  // A just-started worker may hold row locks the TRUNCATE needs (SQLSTATE 40P01 deadlock): try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await ds.query(sql);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '40P01' || attempt >= 5) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** The demo office (the README's demo accounts, password "demo") as the baseline fixture. */
export async function seedDemoOffice(ds: DataSource): Promise<void> {
  await seedDemoDirectory(ds);
}
