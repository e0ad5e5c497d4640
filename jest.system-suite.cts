/**
 * The shape shared by the suites that run the api and the worker against real PostgreSQL and Redis
 * (integration, security, faults): one fresh database per run (TEST_DATABASE_NAME), run serially.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = function systemSuite({ name, suffix, testTimeout }: { name: string; suffix: string; testTimeout: number }) {
  return {
    displayName: name,
    rootDir: __dirname,
    testEnvironment: 'node',
    testMatch: [`<rootDir>/apps/**/*.${suffix}.ts`, `<rootDir>/libs/**/*.${suffix}.ts`],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.integration.json' }],
    },
    moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
    moduleFileExtensions: ['ts', 'js', 'json'],
    modulePathIgnorePatterns: ['<rootDir>/dist/'],
    globalSetup: '<rootDir>/libs/server/testing/src/global-setup.ts',
    setupFilesAfterEnv: ['<rootDir>/libs/server/testing/src/setup-after-env.ts'],
    maxWorkers: 1,
    testTimeout,
  };
};
