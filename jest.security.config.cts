/**
 * Security tests (*.security-spec.ts, apps/system-tests/src/security/): the api and the worker against
 * real PostgreSQL and Redis (default database agendy_security). See docs/reliability.md.
 */
process.env['TEST_DATABASE_NAME'] ??= 'agendy_security';
module.exports = require('./jest.system-suite.cts')({ name: 'security', suffix: 'security-spec', testTimeout: 120_000 });
