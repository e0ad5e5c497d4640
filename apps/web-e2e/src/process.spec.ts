import { expect, test } from './support/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The built processes, started as operators start them, must refuse bad configuration with one
 * readable line and exit code 1 — never a stack trace or a retry loop.
 */
const root = join(__dirname, '../../..');

function runWith(entry: string, env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'REDIS_URL', 'PORT', 'DEMO_MODE'].includes(k)));
  return spawnSync(process.execPath, [entry], { cwd: root, env: { ...clean, ...env } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 20_000 });
}

for (const [name, entry] of [
  ['api', 'dist/apps/api/main.js'],
  ['worker', 'dist/apps/worker/main.js'],
] as const) {
  test.describe(`${name} process`, () => {
    test('an unreachable database stops it with one clear line', () => {
      const r = runWith(entry, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x' });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^agendy-${name}: Cannot connect to PostgreSQL at postgres://nobody@127\\.0\\.0\\.1:1/x \\(ECONNREFUSED`));
      expect(r.stdout).not.toMatch(/at .*\.js:\d+/);
    });

    test('a missing DATABASE_URL and a bad PORT are both named', () => {
      const r = runWith(entry, { PORT: 'abc' });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/DATABASE_URL is required but not set/);
      expect(r.stderr).toMatch(/PORT must be a whole number/);
    });

    test('Redis that does not answer stops it with one clear line', () => {
      const r = runWith(entry, { DATABASE_URL: process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres', REDIS_URL: 'redis://127.0.0.1:1' });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^agendy-${name}: Cannot connect to Redis at redis://127\\.0\\.0\\.1:1`));
    });
  });
}

test('the api shuts down gracefully on SIGTERM', async () => {
  const { spawn } = await import('node:child_process');
  const { randomBytes } = await import('node:crypto');
  const port = 3197;
  // The database of the running e2e system (see playwright.config.ts); Redis as configured.
  const env = {
    ...process.env,
    DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${process.env['E2E_PG_PORT'] ?? '54339'}/agendy`,
    PORT: String(port),
    QUEUE_PREFIX: 'agendy-e2e-sigterm',
    LOG_LEVEL: 'warn',
    // Production mode without demo data must bring its own signing key-encryption key.
    SIGNING_KEK: randomBytes(32).toString('base64'),
  };
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  let healthy = false;
  for (let i = 0; i < 100 && !healthy; i++) {
    healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false);
    if (!healthy) await new Promise((r) => setTimeout(r, 100));
  }
  expect(healthy).toBe(true);

  const t0 = Date.now();
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(Date.now() - t0).toBeLessThan(5000);
  expect(stderr).toBe('');
});
