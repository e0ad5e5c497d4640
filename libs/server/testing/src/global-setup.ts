import { recreateDatabase } from './lib/test-database';

/**
 * Jest globalSetup for *.integration-spec.ts: a fresh database per run. It runs outside Jest's
 * module resolver (no @agendy/* aliases here); migrations run in setup-after-env.ts.
 * The URL reaches the test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  process.env['DATABASE_URL'] = await recreateDatabase(process.env['TEST_DATABASE_NAME'] ?? 'agendy_it');
}
