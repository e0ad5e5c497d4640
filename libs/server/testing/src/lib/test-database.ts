import { Client } from 'pg';

/** Where the integration tests may create databases; never the demo or production one. */
export function adminDatabaseUrl(): string {
  return process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrlFor(name: string): string {
  const u = new URL(adminDatabaseUrl());
  u.pathname = '/' + name;
  return u.toString();
}

/** Drops (terminating leftover connections) and creates a database; names are checked, not quoted blindly. */
export async function recreateDatabase(name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return databaseUrlFor(name);
}
