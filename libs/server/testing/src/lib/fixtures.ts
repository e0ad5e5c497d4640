import { DataSource } from 'typeorm';
import { seedDemoDirectory } from '@agendy/server/feature-identity';
import { addBusinessDays } from '@agendy/shared/util';

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

/**
 * The data of the n-th of many one-day leave requests of one person that must all pass the leave
 * checks: each on its own business day (no overlap), at most ten a year (within the balance),
 * from 2031 on (clear of the demo data and of tests that pick their own dates).
 */
export function distinctLeaveDay(n: number): { type: 'dovolena'; dateFrom: string; dateTo: string } {
  const year = 2031 + Math.floor(n / 10);
  const day = addBusinessDays(`${year}-02-02`, (n % 10) * 3);
  return { type: 'dovolena', dateFrom: day, dateTo: day };
}
