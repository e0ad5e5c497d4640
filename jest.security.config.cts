/**
 * Security tests (*.security-spec.ts, apps/system-tests/src/security/): the api and the worker against real
 * PostgreSQL and Redis, one fresh database per run (TEST_DATABASE_NAME, default agendy_security),
 * run serially. See docs/reliability.md.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

process.env['TEST_DATABASE_NAME'] ??= 'agendy_security';

module.exports = {
  displayName: 'security',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/**/*.security-spec.ts', '<rootDir>/libs/**/*.security-spec.ts'],
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
