/**
 * Integration tests (*.integration-spec.ts): real PostgreSQL and Redis, one fresh database per
 * run (TEST_DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres), run serially.
 */
module.exports = require('./jest.system-suite.cts')({ name: 'integration', suffix: 'integration-spec', testTimeout: 60_000 });
