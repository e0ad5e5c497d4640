import { createDataSource, runMigrations } from '@agendy/server/db';

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
