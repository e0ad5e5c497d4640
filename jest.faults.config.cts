/**
 * Faults tests (*.faults-spec.ts, apps/system-tests/src/faults/): the api and the worker against real
 * PostgreSQL and Redis while parts fail (default database agendy_faults). See docs/reliability.md.
 */
process.env['TEST_DATABASE_NAME'] ??= 'agendy_faults';
module.exports = {
  ...require('./jest.system-suite.cts')({ name: 'faults', suffix: 'faults-spec', testTimeout: 120_000 }),
  testSequencer: '<rootDir>/tools/test/faults-sequencer.cjs',
};
