/**
 * Integration tests (*.integration-spec.ts): real PostgreSQL and Redis, one fresh database per
 * run (TEST_DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres), run serially.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  displayName: 'integration',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/**/*.integration-spec.ts', '<rootDir>/libs/**/*.integration-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.integration.json' }],
  },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/libs/server/testing/src/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/libs/server/testing/src/setup-after-env.ts'],
  maxWorkers: 1,
  testTimeout: 60_000,
};
