import { createDataSource, runMigrations, takeTransactionViolations } from '@agendy/server/db';

/** Migrates the run's database before each test file; a no-op after the first, under an advisory lock. */
beforeAll(async () => {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL missing: globalSetup did not run');
  const ds = createDataSource(url, 2, 'agendy-it-migrate');
  await ds.initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
});

/**
 * No test passes while the apps it runs broke transaction discipline somewhere — also where the
 * violation was thrown inside a job that BullMQ then retried, or in a promise nobody awaited.
 */
afterEach(() => {
  const violations = takeTransactionViolations();
  if (violations.length) throw new Error(`Transaction discipline violated ${violations.length}×:\n${violations.map((e) => e.message).join('\n---\n')}`);
});
