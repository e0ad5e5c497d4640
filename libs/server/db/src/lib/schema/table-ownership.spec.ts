import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { TABLE_OWNERS } from './table-owners';

/**
 * One owner per table (ADR 0004): every SQL statement and repository call that writes a table is
 * found in the server libraries' sources, and each must come from the table's owner. The SQL is
 * read from the string and template literals the TypeScript parser finds (comments do not count).
 */
const ROOT = join(__dirname, '../../../../../..');
const SERVER_LIBS = join(ROOT, 'libs/server');
const MIGRATIONS = join(ROOT, 'libs/server/db/src/lib/migrations');
const ENTITIES = join(ROOT, 'libs/server/db/src/lib/entities');

/**
 * Writes a library makes to a table it does not own, each with its reason. At most 3 (issue 19).
 * Key: `<library> → <table>`.
 */
const EXCEPTIONS: Record<string, string> = {};

/** Libraries that only serve tests and setup, never the running system. */
const NOT_RUNTIME = new Set(['testing', 'db']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'migrations' ? [] : files(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('-spec.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The text of every string and template literal in a file (template holes become a placeholder). */
function literals(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node)) out.push([node.head.text, ...node.templateSpans.map((s) => `x ${s.literal.text}`)].join(''));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const WRITE = /\b(?:INSERT\s+INTO|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|UPDATE(?:\s+ONLY)?)\s+"?([a-z_][a-z0-9_]*)"?/gi;

export function sqlWrites(sql: string): string[] {
  const tables: string[] = [];
  for (const m of sql.matchAll(WRITE)) {
    const verb = m[0].split(/\s+/)[0].toUpperCase();
    // "UPDATE x" is a statement only when SET follows ("ON CONFLICT … DO UPDATE SET" names no table).
    if (verb === 'UPDATE' && !new RegExp(`UPDATE(?:\\s+ONLY)?\\s+"?${m[1]}"?(?:\\s+(?:AS\\s+)?[a-z_][a-z0-9_]*)?\\s+SET\\b`, 'i').test(sql.slice(m.index))) continue;
    tables.push(m[1].toLowerCase());
  }
  return tables;
}

/** Entity class → table, from the @Entity({ name }) decorators. */
function entityTables(): Map<string, string> {
  const map = new Map<string, string>();
  for (const path of files(ENTITIES)) {
    const text = readFileSync(path, 'utf8');
    const m = /@Entity\(\{\s*name:\s*'([a-z_]+)'[^)]*\)\s*export class (\w+)/.exec(text);
    if (m) map.set(m[2], m[1]);
  }
  return map;
}

/** Tables written through TypeORM repositories: `@InjectRepository(X) repo` then `repo.insert/save/update/delete/upsert/remove`. */
function repositoryWrites(path: string, entities: Map<string, string>): string[] {
  const text = readFileSync(path, 'utf8');
  const tables: string[] = [];
  for (const m of text.matchAll(/@InjectRepository\((\w+)\)\s*(?:private|protected|public)?\s*(?:readonly\s+)?(\w+)/g)) {
    const table = entities.get(m[1]);
    if (table && new RegExp(`this\\.${m[2]}\\.(insert|save|update|delete|upsert|remove|softDelete|increment|decrement)\\(`).test(text)) tables.push(table);
  }
  for (const m of text.matchAll(/getRepository\((\w+)\)\s*\.(insert|save|update|delete|upsert|remove|softDelete|increment|decrement)\(/g)) {
    const table = entities.get(m[1]);
    if (table) tables.push(table);
  }
  return tables;
}

function tablesCreatedByMigrations(): Set<string> {
  const tables = new Set<string>();
  for (const name of readdirSync(MIGRATIONS)) {
    for (const m of readFileSync(join(MIGRATIONS, name), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)"?/gi)) tables.add(m[1].toLowerCase());
  }
  return tables;
}

describe('one owner per table', () => {
  const entities = entityTables();
  const writes: Array<{ library: string; table: string; file: string }> = [];
  for (const library of readdirSync(SERVER_LIBS).filter((l) => !NOT_RUNTIME.has(l))) {
    for (const path of files(join(SERVER_LIBS, library))) {
      const file = relative(ROOT, path);
      for (const sql of literals(path)) for (const table of sqlWrites(sql)) writes.push({ library, table, file });
      for (const table of repositoryWrites(path, entities)) writes.push({ library, table, file });
    }
  }

  it('recognises writes in SQL and nothing else', () => {
    expect(sqlWrites(`INSERT INTO tasks (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2`)).toEqual(['tasks']);
    expect(sqlWrites(`WITH c AS (UPDATE notifications n SET x = 1 RETURNING *) DELETE FROM outbox WHERE id = 1`)).toEqual(['notifications', 'outbox']);
    expect(sqlWrites(`SELECT * FROM requests FOR UPDATE SKIP LOCKED`)).toEqual([]);
    expect(sqlWrites(`Relay again: update the rows of the outbox`)).toEqual([]);
  });

  it('lists an owner for every table the migrations create, and no table they do not', () => {
    const created = tablesCreatedByMigrations();
    const internal = new Set(['schema_migrations']);
    expect([...created].filter((t) => !internal.has(t) && !(t in TABLE_OWNERS)).sort()).toEqual([]);
    expect(Object.keys(TABLE_OWNERS).filter((t) => !created.has(t)).sort()).toEqual([]);
  });

  it('finds the writes of the libraries (the check below is not vacuous)', () => {
    expect(new Set(writes.map((w) => w.library)).size).toBeGreaterThan(8);
    expect(writes.some((w) => w.table === 'requests' && w.library === 'feature-requests')).toBe(true);
  });

  it('has each table written only by its owner (at most 3 listed exceptions, each with a reason)', () => {
    expect(Object.keys(EXCEPTIONS).length).toBeLessThanOrEqual(3);
    for (const reason of Object.values(EXCEPTIONS)) expect(reason.length).toBeGreaterThan(20);
    const unknown = writes.filter((w) => !(w.table in TABLE_OWNERS)).map((w) => `${w.file}: ${w.table} (no such table, or it has no owner)`);
    const foreign = writes
      .filter((w) => w.table in TABLE_OWNERS && TABLE_OWNERS[w.table as keyof typeof TABLE_OWNERS] !== w.library && !EXCEPTIONS[`${w.library} → ${w.table}`])
      .map((w) => `${w.file}: ${w.library} writes ${w.table}, owned by ${TABLE_OWNERS[w.table as keyof typeof TABLE_OWNERS]}`);
    expect([...new Set([...unknown, ...foreign])].sort()).toEqual([]);
  });
});
