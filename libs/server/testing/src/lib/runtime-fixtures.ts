import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SMTPServer } from 'smtp-server';
import { AgendaRegistry } from '@agendy/server/feature-agendas';

/** Polls until the probe returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The shipped agendas, published, as `cli setup` loads them. */
export async function loadShippedAgendas(ds: DataSource): Promise<void> {
  await new AgendaRegistry(ds).loadShipped();
}

/** A local account with directory groups (agenda roles) and optional per-agenda officer grants. */
export async function createTestUser(
  ds: DataSource,
  u: { username: string; displayName: string; email?: string | null; department?: string; roles?: string[]; groups?: string[]; officerOf?: string[] },
): Promise<string> {
  const [row]: Array<{ id: string }> = await ds.query(
    `INSERT INTO users (username, display_name, email, department_id, auth_source, roles, password_hash)
     SELECT $1, $2, $3, (SELECT id FROM departments WHERE code = $4), 'local', $5, (SELECT password_hash FROM users WHERE username = 'jnovak')
     RETURNING id`,
    [u.username, u.displayName, u.email === undefined ? `${u.username}@demo.kraj-lbc.cz` : u.email, u.department ?? 'OINF', u.roles ?? ['employee']],
  );
  if (u.groups?.length) {
    await ds.query(`INSERT INTO user_directory (user_id, dn, groups, synced_at, checked_at) VALUES ($1, $2, $3, now(), now())`, [row.id, `uid=${u.username},ou=test`, u.groups]);
  }
  for (const agenda of u.officerOf ?? []) {
    await ds.query(`INSERT INTO agenda_grants (subject_type, subject, agenda_code, "grant") VALUES ('user', $1, $2, 'officer')`, [row.id, agenda]);
  }
  return row.id;
}

export async function userId(ds: DataSource, username: string): Promise<string> {
  const [row]: Array<{ id: string }> = await ds.query(`SELECT id FROM users WHERE username = $1`, [username]);
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  text: string;
}

/** A real SMTP server on a free port collecting every message (no TLS, no auth). */
export async function startTestSmtp(): Promise<{ url: string; mails: ReceivedMail[]; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, subject: decodeSubject(raw), text: decodeBody(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function decodeSubject(raw: string): string {
  const m = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw);
  if (!m) return '';
  return m[1]
    .replace(/\r\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_all, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeQ(text.replace(/_/g, ' ')),
    )
    .trim();
}

function decodeQ(text: string): string {
  return Buffer.from(text.replace(/=([0-9A-F]{2})/gi, (_a, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}

function decodeBody(raw: string): string {
  const [headers, ...rest] = raw.split(/\r\n\r\n/);
  const body = rest.join('\r\n\r\n');
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    const soft = body.replace(/=\r\n/g, '');
    return Buffer.from(soft.replace(/=([0-9A-F]{2})/gi, (_a, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A private redis-server on its own port, which a test may stop and start again. Never the shared
 * Redis on 6379: other engineers' tests use that one.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'agendy-redis-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], {
      stdio: 'ignore',
    });
    const { default: Redis } = await import('ioredis');
    await eventually(async () => {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG' ? true : undefined;
      } catch {
        return undefined;
      } finally {
        probe.disconnect();
      }
    }, 10_000, `redis-server on ${this.port}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.child = null;
  }
}
