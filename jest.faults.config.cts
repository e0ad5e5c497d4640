/**
 * Faults tests (*.faults-spec.ts, apps/system-tests/src/faults/): the api and the worker against real
 * PostgreSQL and Redis, one fresh database per run (TEST_DATABASE_NAME, default agendy_faults),
 * run serially. See docs/reliability.md.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

process.env['TEST_DATABASE_NAME'] ??= 'agendy_faults';

module.exports = {
  displayName: 'faults',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/**/*.faults-spec.ts', '<rootDir>/libs/**/*.faults-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.integration.json' }],
  },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  globalSetup: '<rootDir>/libs/server/testing/src/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/libs/server/testing/src/setup-after-env.ts'],
  maxWorkers: 1,
  testTimeout: 120_000,
};
