import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AccessDeclaration } from '@agendy/server/authority';
import { anonymousAgent, createTestUser, LoggedInAgent, loadShippedAgendas, loginAs, seedDemoOffice, truncateAll } from '@agendy/server/testing';
import { RunningSystem, startSystem } from '../support/system';

/** One operation of the OpenAPI document. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI template, e.g. /api/v1/requests/{id}. */
  path: string;
  tags: string[];
  params: string[];
  /** The route's declared access decision (`x-agendy-access`, see libs/server/authority). */
  access?: AccessDeclaration;
}

export const MUTATING = new Set(['post', 'put', 'patch', 'delete']);

/** Reads every operation from the live document: new endpoints are swept without editing a list. */
export async function openApiOperations(app: INestApplication): Promise<Operation[]> {
  const res = await request(app.getHttpServer()).get('/api/docs-json');
  if (res.status !== 200) throw new Error(`/api/docs-json answered ${res.status}`);
  const doc = res.body as { paths: Record<string, Record<string, { tags?: string[]; parameters?: Array<{ in: string; name: string }>; 'x-agendy-access'?: AccessDeclaration }>> };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({
        method: method as Operation['method'],
        path,
        tags: op.tags ?? [],
        params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        ...(op['x-agendy-access'] ? { access: op['x-agendy-access'] } : {}),
      });
    }
  }
  return ops.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/**
 * Endpoints anyone may call. Everything else must answer 401 to a visitor without a session;
 * this list is the only place a new public endpoint is allowed.
 */
export const PUBLIC_ENDPOINTS = new Map<string, string>([
  ['POST /api/v1/auth/login', 'the login itself'],
  ['GET /api/health', 'probes of the proxy and the orchestrator'],
  ['GET /api/v1/booking-feeds/{token}', 'calendar feed: the unguessable token in the URL is the credential'],
  ['GET /api/v1/pki/ca', "the office CA's certificate, public by nature"],
  ['GET /api/v1/pki/crl', 'the certificate revocation list, public by nature'],
]);

/** Why an endpoint is expected to behave the way it does (rows of the expectations table). */
export type EndpointClass = 'public' | 'admin' | 'object' | 'self';

export function classify(op: Operation): EndpointClass {
  if (PUBLIC_ENDPOINTS.has(`${op.method.toUpperCase()} ${op.path}`)) return 'public';
  if (op.path.includes('/admin/') || op.tags.some((t) => t === 'admin' || t.endsWith('-admin')) || op.path.startsWith('/api/v1/audit/') || op.path === '/api/metrics') return 'admin';
  if (op.params.length > 0) return 'object';
  return 'self';
}

export interface Actors {
  anonymous: () => Promise<LoggedInAgent>;
  /** An employee of another department with no grants: sees nothing of the owner's. */
  unrelated: () => Promise<LoggedInAgent>;
  /** Filed the request the object endpoints point at. */
  owner: () => Promise<LoggedInAgent>;
  /** Every administrative role at once. */
  admin: () => Promise<LoggedInAgent>;
}

export const ACTOR_NAMES = ['anonymous', 'unrelated', 'owner', 'admin'] as const;
export type ActorName = (typeof ACTOR_NAMES)[number];

export interface Fixture {
  system: RunningSystem;
  attachmentsDir: string;
  app: INestApplication;
  db: DataSource;
  actors: Actors;
  /** A draft request of the owner's, with one attachment. */
  requestId: string;
  fileId: string;
}

export const OWNER = 'jnovak';
export const UNRELATED = 'triha';
export const ADMIN = 'sec-admin';

/** A PDF that sniffs as one (the magic bytes are what counts). */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * `quiet`: no worker, so nothing writes in the background and a state fingerprint taken around
 * one request shows exactly what that request changed.
 */
export async function startFixture(overrides: Record<string, string> = {}, options: { quiet?: boolean } = {}): Promise<Fixture> {
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'agendy-sec-att-'));
  const system = await startSystem({ ATTACHMENTS_DIR: attachmentsDir, ATTACHMENTS_MIN_FREE_MB: '1', ...overrides });
  if (options.quiet) {
    await system.worker.close();
    system.stop = () => system.app.close();
  }
  const { app, db } = system;
  await truncateAll(db);
  await seedDemoOffice(db);
  await loadShippedAgendas(db);
  // Every administrative capacity at once: the global roles, and the booking agendas' facility- and
  // fleet-manager roles (directory groups) — system-admin alone manages no resources (ADR 0004).
  await createTestUser(db, {
    username: ADMIN,
    displayName: 'Security Admin',
    roles: ['employee', 'manager', 'director', 'agenda-admin', 'auditor', 'system-admin'],
    groups: ['KULK-OSM-Spravci', 'KULK-OSM-Autoprovoz'],
  });
  const owner = await loginAs(app, OWNER);
  const created = await owner.agent.post('/api/v1/requests').set('X-XSRF-TOKEN', owner.xsrf).send({ agenda: 'leave-request', data: { type: 'dovolena', dateFrom: '2028-07-13', dateTo: '2028-07-24' } });
  if (created.status !== 201) throw new Error(`fixture request: ${created.status} ${JSON.stringify(created.body)}`);
  const up = await owner.agent
    .post(`/api/v1/requests/${created.body.id}/attachments`)
    .query({ filename: 'doklad.pdf' })
    .set('X-XSRF-TOKEN', owner.xsrf)
    .set('Content-Type', 'application/octet-stream')
    .send(TINY_PDF);
  if (up.status !== 201) throw new Error(`fixture attachment: ${up.status} ${JSON.stringify(up.body)}`);
  return {
    system,
    attachmentsDir,
    app,
    db,
    requestId: created.body.id,
    fileId: up.body.fileId,
    actors: {
      anonymous: () => anonymousAgent(app),
      unrelated: () => loginAs(app, UNRELATED),
      owner: () => loginAs(app, OWNER),
      admin: () => loginAs(app, ADMIN),
    },
  };
}

/** Does the concrete path point at the owner's own object (so the owner must get through)? */
export function ownsPath(op: Operation): boolean {
  return op.path.startsWith('/api/v1/requests/{id}');
}

/** Fills path parameters: the owner's objects where the path names them, a well-formed unknown id otherwise. */
export function concretePath(op: Operation, fx: Pick<Fixture, 'requestId' | 'fileId'>): string {
  return op.path.replace(/\{(\w+)\}/g, (_all, name: string) => {
    if (name === 'id' && op.path.startsWith('/api/v1/requests/{id}')) return fx.requestId;
    if (name === 'fileId') return fx.fileId;
    if (name === 'code') return 'leave-request';
    if (name === 'version') return '1';
    if (name === 'type') return 'room';
    return '00000000-0000-4000-8000-000000000000';
  });
}

/** Stack frames, file paths, SQL or driver internals must never reach a client. */
export function leaksInternals(text: string): string | undefined {
  const patterns: Array<[string, RegExp]> = [
    ['stack frame', /\bat [\w$.<>]+ \(.*:\d+:\d+\)/],
    ['source path', /\/(node_modules|libs|apps|src)\/[\w./-]+\.(ts|js)\b/],
    ['SQL', /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[\s\S]*\b(FROM|VALUES|SET|WHERE)\b/],
    ['driver error', /\b(QueryFailedError|TypeORMError|ECONNREFUSED|duplicate key value|violates .* constraint)\b/],
  ];
  for (const [what, re] of patterns) if (re.test(text)) return what;
  return undefined;
}

/**
 * A digest of everything a request could change. Sessions (touched on every call) and worker
 * heartbeats move on their own and are left out.
 */
export async function stateFingerprint(db: DataSource): Promise<string> {
  const tables: Array<{ tablename: string }> = await db.query(
    // audit_chain and its head are written by the audit sequencer in the background, derived from
    // audit_log (which is fingerprinted): a row chained during a call is not a write of that call.
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'sessions', 'worker_heartbeats', 'user_directory', 'audit_chain', 'audit_chain_head') ORDER BY tablename`,
  );
  const parts = tables.map((t) => `SELECT '${t.tablename}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t.tablename}" x`);
  const rows: Array<{ t: string; h: string }> = await db.query(parts.join(' UNION ALL '));
  return rows
    .sort((a, b) => a.t.localeCompare(b.t))
    .map((r) => `${r.t}:${r.h}`)
    .join(',');
}

export function fingerprintDiff(before: string, after: string): string[] {
  const a = new Map(before.split(',').map((p) => p.split(':') as [string, string]));
  return after
    .split(',')
    .map((p) => p.split(':') as [string, string])
    .filter(([t, h]) => a.get(t) !== h)
    .map(([t]) => t);
}

/** Sends one call; the body goes as JSON on methods that take one. */
export async function call(who: LoggedInAgent, method: Operation['method'], path: string, body?: unknown): Promise<request.Response> {
  let req = who.agent[method](path).set('X-XSRF-TOKEN', who.xsrf);
  if (MUTATING.has(method) && body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  if (method === 'get' && EVENT_STREAMS.has(path)) return openEventStream(req);
  return req;
}

/** Endpoints answering server-sent events: their responses never end. */
const EVENT_STREAMS = new Set(['/api/v1/notifications/stream']);

/**
 * An event stream is judged by its status and what arrived within a moment (the first event, or a
 * refusal's problem+json); then the connection is dropped, as a browser tab closing would.
 */
function openEventStream(req: request.Test): Promise<request.Response> {
  return new Promise((resolve, reject) => {
    let text = '';
    req
      .buffer(false)
      .parse((res, done) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        const stop = setTimeout(() => res.destroy(), 500);
        res.on('close', () => {
          clearTimeout(stop);
          done(null, text);
        });
      })
      .end((err, res) => (res ? resolve(Object.assign(res, { text })) : reject(err)));
  });
}

/**
 * Replaces the block between `<!-- BEGIN name -->` and `<!-- END name -->` in docs/reliability.md
 * with a table from this run, so the document always shows the numbers of the last run.
 */
export function writeReport(name: string, markdown: string): void {
  const file = join(__dirname, '../../../../docs/reliability.md');
  const begin = `<!-- BEGIN ${name} -->`;
  const end = `<!-- END ${name} -->`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Reliability and security\n';
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const at = current.indexOf(begin);
  const until = current.indexOf(end);
  const next = at >= 0 && until > at ? current.slice(0, at) + block + current.slice(until + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
