import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/**
 * The e2e suite drives Debian's Chromium (never a downloaded browser) against the whole system
 * started exactly as `npm start` starts it: embedded PostgreSQL in a throw-away data dir, Redis,
 * migrations, demo data, api + worker serving the built web app.
 */
const port = Number(process.env['E2E_PORT'] ?? 3100);
export const dataDir = process.env['E2E_DATA_DIR'] ?? join(tmpdir(), `agendy-e2e-${process.pid}`);
const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './src',
  // E2E_OUTPUT_DIR: a run of its own (several runs side by side must not clean each other's artifacts).
  outputDir: process.env['E2E_OUTPUT_DIR'] ? join(process.cwd(), process.env['E2E_OUTPUT_DIR']) : '../../dist/test-output/web-e2e',
  globalTeardown: './global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['html', { open: 'never', outputFolder: process.env['E2E_OUTPUT_DIR'] ? join(process.cwd(), `${process.env['E2E_OUTPUT_DIR']}-report`) : '../../dist/test-output/web-e2e-report' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    locale: 'cs-CZ',
    timezoneId: 'Europe/Prague',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'node tools/dev/start.mjs',
    cwd: join(__dirname, '../..'),
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: {
      PORT: String(port),
      AGENDY_DATA_DIR: dataDir,
      AGENDY_SKIP_BUILD: '1',
      EMBEDDED_PG_PORT: process.env['E2E_PG_PORT'] ?? '54339',
      // Its own queue namespace, so a developer's running instance on the same Redis is untouched.
      QUEUE_PREFIX: `agendy-e2e-${process.pid}`,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
  },
});
