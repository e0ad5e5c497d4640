import { Client, type ClientBase } from 'pg';
import { chainEntryHash, GENESIS_HASH } from './audit-hash';

/**
 * How long an audit row may stay unchained (documented in docs/adr/0005-audit-sequencer.md and
 * checked by verifyAuditChain): the sequencer chains a row within about a second of its commit;
 * the bound adds room for the longest writing transaction that started before it (the horizon waits
 * for it) and for a failover (a standby worker tries the lock every second).
 */
export const AUDIT_CHAIN_BOUND_SECONDS = 30;

/** The advisory lock the one sequencer holds (session level: released when its connection ends). */
export const AUDIT_SEQUENCER_LOCK = 7_301_202_600;

/** The leader chains every TICK_MS; standbys try to take over every STANDBY_MS. */
const TICK_MS = 200;
const STANDBY_MS = 1_000;
/** Rows chained per transaction (a backlog is worked off in several, back to back). */
export const CHAIN_BATCH = 2_000;

interface HeadRow {
  seq: string;
  last_hash: string;
  last_xid: string;
  last_log_seq: string;
  horizon: string;
}

interface PendingRow {
  seq: string;
  xid: string;
  at: Date;
  actor_id: string | null;
  on_behalf_of: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  ip: string | null;
  details: unknown;
}

/**
 * One sequencing pass on `client`: chains up to `limit` finished audit rows after the watermark, in
 * (xid, seq) order, and moves the head. Returns how many were chained.
 *
 * Which rows: those whose writing transaction has ended — `xid` below the xmin of this transaction's
 * snapshot (REPEATABLE READ: one snapshot for the whole pass). Every transaction with a smaller xid
 * has committed or rolled back, so no row can ever turn up before the rows chained here: the chain
 * only grows at its end, and (xid, seq) is a total, deterministic order both the sequencer and a
 * reader can recompute. Not "commit order" literally — PostgreSQL does not expose that without
 * track_commit_timestamp — but the property that matters for a log: prefix-stable and complete.
 *
 * Safety does not rest on the advisory lock alone: the head UPDATE is conditioned on the head this
 * pass read, and a concurrent change of the head makes REPEATABLE READ fail the pass (40001).
 */
export async function chainPending(client: ClientBase, limit = CHAIN_BATCH): Promise<number> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  try {
    const { rows: heads } = await client.query<HeadRow>(
      `SELECT seq::text, last_hash, last_xid::text, last_log_seq::text, pg_snapshot_xmin(pg_current_snapshot())::text AS horizon
       FROM audit_chain_head WHERE id = 1`,
    );
    // The migration creates the head; a database emptied since (tests TRUNCATE everything) starts from genesis.
    const head = heads[0] ?? { seq: '0', last_hash: GENESIS_HASH, last_xid: '0', last_log_seq: '0', horizon: (await client.query<{ h: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h`)).rows[0].h };
    if (!heads[0]) await client.query(`INSERT INTO audit_chain_head (id, seq, last_hash) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING`, [GENESIS_HASH]);
    const { rows } = await client.query<PendingRow>(
      `SELECT seq::text, xid::text, at, actor_id, on_behalf_of, action, object_type, object_id, ip, details
       FROM audit_log
       WHERE xid IS NOT NULL AND xid < $1::xid8 AND (xid, seq) > ($2::xid8, $3::bigint)
       ORDER BY xid, seq LIMIT $4`,
      [head.horizon, head.last_xid, head.last_log_seq, limit],
    );
    if (rows.length === 0) {
      await client.query('COMMIT');
      return 0;
    }
    let pos = Number(head.seq);
    let prev = head.last_hash;
    const positions: string[] = [];
    const logSeqs: string[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const r of rows) {
      pos++;
      const hash = chainEntryHash({
        pos,
        logSeq: Number(r.seq),
        at: r.at,
        actorId: r.actor_id,
        onBehalfOf: r.on_behalf_of,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        ip: r.ip,
        details: r.details,
        prevHash: prev,
      });
      positions.push(String(pos));
      logSeqs.push(r.seq);
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    const last = rows[rows.length - 1];
    const { rowCount } = await client.query(
      `WITH chained AS (
         INSERT INTO audit_chain (pos, log_seq, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])
         RETURNING 1
       )
       UPDATE audit_chain_head SET seq = $5, last_hash = $6, last_xid = $7::xid8, last_log_seq = $8, updated_at = now()
       WHERE id = 1 AND seq = $9 AND (SELECT count(*) FROM chained) = $10`,
      [positions, logSeqs, prevs, hashes, pos, prev, last.xid, last.seq, head.seq, rows.length],
    );
    if (rowCount !== 1) throw new Error('the audit chain head moved during a sequencing pass');
    await client.query('COMMIT');
    return rows.length;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

export interface SequencerLog {
  log(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The one sequencer among all worker processes. Each process runs a loop; the process whose
 * connection holds the session-level advisory lock is the leader and chains every 200 ms. The lock
 * goes with the connection: a worker that dies (SIGKILL, crash, lost network) loses it at once, and
 * a standby takes over at its next try (≤ 1 s). Its own connection, outside the pool: leadership
 * must not take a connection from the jobs, and the pool's connections come and go.
 */
export class AuditSequencerLoop {
  private client: Client | null = null;
  private leader = false;
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private lastTry = 0;
  private failing = false;
  private stopped = false;
  /** Rows chained by this process (tests, logs). */
  chained = 0;

  constructor(
    private readonly connection: { url: string; statementTimeoutMs?: number; applicationName?: string },
    private readonly logger: SequencerLog,
  ) {}

  get leading(): boolean {
    return this.leader;
  }

  /** The backend pid of this loop's connection (tests end it to simulate a dead worker). */
  get backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy;
    // A last pass on a graceful stop: what was committed until now is chained before the lock is
    // handed over (a backup or a verify taken right after a shutdown sees it chained).
    if (this.leader && this.client) {
      try {
        let n: number;
        do {
          n = await chainPending(this.client);
          this.chained += n;
        } while (n === CHAIN_BATCH);
      } catch (e) {
        this.logger.warn('Audit sequencer: the last pass before stopping failed', { err: (e as Error).message });
      }
    }
    await this.drop();
  }

  async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = this.pass().finally(() => (this.busy = null));
    await this.busy;
  }

  private async pass(): Promise<void> {
    try {
      if (!this.leader) {
        if (Date.now() - this.lastTry < STANDBY_MS) return;
        this.lastTry = Date.now();
        if (!(await this.tryLead())) return;
      }
      const client = this.client;
      if (!client) return;
      let n: number;
      do {
        n = await chainPending(client);
        this.chained += n;
      } while (n === CHAIN_BATCH && !this.stopped);
      if (this.failing) this.logger.log('Audit sequencer recovered');
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.logger.warn('Audit sequencer pass failed; will keep trying', { err: (e as Error).message });
      this.failing = true;
      // A broken connection has lost the lock with it; anything else: retry on the next tick.
      if (!this.client || (e as { code?: string }).code === undefined) await this.drop();
    }
  }

  private async tryLead(): Promise<boolean> {
    if (!this.client) {
      const client = new Client({
        connectionString: this.connection.url,
        application_name: this.connection.applicationName ?? 'agendy-audit-sequencer',
        ...(this.connection.statementTimeoutMs ? { statement_timeout: this.connection.statementTimeoutMs } : {}),
      });
      client.on('error', () => void this.drop());
      await client.connect();
      this.client = client;
    }
    const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [AUDIT_SEQUENCER_LOCK]);
    this.leader = rows[0]?.ok === true;
    if (this.leader) this.logger.log('Audit sequencer: this process chains the audit log', { pid: process.pid });
    return this.leader;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    const was = this.leader;
    this.client = null;
    this.leader = false;
    if (was && !this.stopped) this.logger.warn('Audit sequencer: lost the lead (connection ended)');
    // Ending the connection releases the advisory lock for a standby.
    if (client) await client.end().catch(() => undefined);
  }
}

/**
 * Waits until every audit row committed before this call is chained (at most `timeoutMs`): a seal,
 * a test or an export that wants "the log up to now" in the chain. True when caught up.
 */
export async function awaitChained(query: (sql: string, params?: unknown[]) => Promise<unknown[]>, timeoutMs = AUDIT_CHAIN_BOUND_SECONDS * 1000): Promise<boolean> {
  const [mark] = (await query(`SELECT pg_current_snapshot()::text AS snap, COALESCE(max(seq), 0)::text AS top FROM audit_log`)) as Array<{ snap: string; top: string }>;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Rows visible at the mark (committed before it) that are still after the watermark.
    const [left] = (await query(
      `SELECT count(*)::int AS n FROM audit_log l, audit_chain_head h
       WHERE h.id = 1 AND l.xid IS NOT NULL AND l.seq <= $2::bigint AND (l.xid, l.seq) > (h.last_xid, h.last_log_seq)
         AND pg_visible_in_snapshot(l.xid, $1::pg_snapshot)`,
      [mark.snap, mark.top],
    )) as Array<{ n: number }>;
    if (left.n === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
