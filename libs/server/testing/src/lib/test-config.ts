import { randomBytes } from 'node:crypto';
import { AppConfig, loadConfig } from '@agendy/server/core';

/**
 * Config for an in-process api or worker under test. Each call gets its own queue prefix,
 * so tests sharing one Redis never see each other's jobs.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: run integration tests through jest.integration.config.cts');
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env['TEST_REDIS_URL'] ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `agendy-it-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    COOKIE_SECURE: 'false',
    DATABASE_POOL_SIZE: '4',
    ...overrides,
  });
}
