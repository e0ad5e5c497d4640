import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, installTransactionGuard } from '@agendy/server/db';
import { AUDIT_CHAIN_BOUND_SECONDS, AUDIT_SEQUENCER_LOCK, AuditSequencerLoop, awaitChained } from './audit-sequencer';
import { verifyAuditChain } from './audit-verifier';
import { AuditWriter } from './audit-writer';

/**
 * The audit log without a global lock (issue 26, docs/adr/0005-audit-sequencer.md): many writers
 * append at once without waiting on each other, one sequencer chains their rows, and another takes
 * over when its process dies.
 */
describe('audit sequencer', () => {
  const url = () => process.env['DATABASE_URL'] as string;
  const quiet = { log: () => undefined, warn: () => undefined };
  let ds: DataSource;
  const writer = new AuditWriter();

  beforeAll(async () => {
    ds = installTransactionGuard(createDataSource(url(), 40, 'agendy-audit-writers'));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('32 concurrent writers: no waits on a shared row, one chain without forks, chained within the bound', async () => {
    const sequencer = new AuditSequencerLoop({ url: url() }, quiet);
    sequencer.start();
    const sampler = await startLockSampler(url(), 'agendy-audit-writers');
    const seconds = Number(process.env['AUDIT_WRITERS_SECONDS'] ?? 8);
    const until = Date.now() + seconds * 1000;
    let written = 0;
    const writers = Array.from({ length: 32 }, (_, w) =>
      (async () => {
        while (Date.now() < until) {
          await ds.transaction(async (em) => {
            await writer.append(em, { actorId: `writer-${w}`, action: 'test.concurrent', objectType: 'test', objectId: String(written), details: { w, n: written } });
            // What made the chain-head row hot: the transaction stays open while Node works between
            // statements (engine, next statement). With no shared row nobody waits for this one.
            await sleep(2);
            await em.query('SELECT 1');
          });
          written++;
        }
      })(),
    );
    await Promise.all(writers);
    const locks = await sampler.stop();
    expect(await awaitChained((sql, p) => ds.query(sql, p), 10_000)).toBe(true);
    await sequencer.stop();

    const verdict = await verifyAuditChain(ds);
    const [forks]: Array<{ entries: number; distinct_prev: number; distinct_rows: number }> = await ds.query(
      `SELECT count(*)::int AS entries, count(DISTINCT prev_hash)::int AS distinct_prev, count(DISTINCT log_seq)::int AS distinct_rows FROM audit_chain`,
    );
    const [lag]: Array<{ p50: number; p99: number; max: number }> = await ds.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
       FROM (SELECT (extract(epoch FROM c.chained_at - l.at) * 1000)::float8 AS ms FROM audit_chain c JOIN audit_log l ON l.seq = c.log_seq WHERE l.action = 'test.concurrent') x`,
    );
    process.stdout.write(
      `audit sequencer, 32 writers × ${seconds} s: ${written} audited transactions (${Math.round(written / seconds)}/s); ` +
        `lock-wait samples ${locks.waiting}/${locks.samples}, busiest single object ${locks.busiest.key ?? '-'} in ${locks.busiest.samples}; ` +
        `chain lag p50 ${Math.round(lag.p50)} ms, p99 ${Math.round(lag.p99)} ms, max ${Math.round(lag.max)} ms (bound ${AUDIT_CHAIN_BOUND_SECONDS} s); verify ${JSON.stringify(verdict)}\n`,
    );
    expect(written).toBeGreaterThan(200);
    expect(verdict).toMatchObject({ ok: true, firstBroken: null, unchained: 0 });
    expect(forks.entries).toBe(verdict.rows - (await legacyRows(ds)));
    expect(forks.distinct_prev).toBe(forks.entries); // every entry has its own predecessor: no fork
    expect(forks.distinct_rows).toBe(forks.entries); // every row chained once
    expect(lag.max).toBeLessThan(AUDIT_CHAIN_BOUND_SECONDS * 1000);
    expect(verdict.maxLagMs).toBeLessThan(AUDIT_CHAIN_BOUND_SECONDS * 1000);
    expect(locks.samples).toBeGreaterThan(50);
    expect(locks.busiest.samples / locks.samples).toBeLessThan(0.05);
  }, 120_000);

  it('fails over to a standby when the sequencing process dies (SIGKILL), and verify names a row left unchained too long', async () => {
    const child = startSequencerProcess(url());
    const standby = new AuditSequencerLoop({ url: url() }, quiet);
    try {
      await eventually(async () => ((await lockHolder(ds)) === 'agendy-sequencer-child' ? true : undefined), 15_000);
      standby.start();
      await appendSome(ds, writer, 20, 'test.before-kill');
      expect(await awaitChained((sql, p) => ds.query(sql, p), 10_000)).toBe(true);
      expect(standby.leading).toBe(false);
      expect(standby.chained).toBe(0);

      child.kill('SIGKILL');
      const killedAt = Date.now();
      await appendSome(ds, writer, 20, 'test.after-kill');
      expect(await awaitChained((sql, p) => ds.query(sql, p), 10_000)).toBe(true);
      const failoverMs = Date.now() - killedAt;
      process.stdout.write(`audit sequencer failover after SIGKILL: rows chained by the standby ${failoverMs} ms after the kill\n`);
      expect(standby.leading).toBe(true);
      expect(standby.chained).toBeGreaterThanOrEqual(20);
      expect(failoverMs).toBeLessThan(5_000);
      expect(await verifyAuditChain(ds)).toMatchObject({ ok: true, unchained: 0 });
    } finally {
      child.kill('SIGKILL');
      await standby.stop();
    }

    // Nobody chains: a row older than the bound fails the verification, named.
    await appendSome(ds, writer, 1, 'test.nobody-chains');
    const [row]: Array<{ seq: string; id: string }> = await ds.query(`SELECT seq::text, id::text FROM audit_log WHERE action = 'test.nobody-chains'`);
    expect(await verifyAuditChain(ds)).toMatchObject({ ok: true, unchained: 1 });
    await sleep(1_200);
    expect(await verifyAuditChain(ds, 1)).toMatchObject({ ok: false, unchained: 1, firstBroken: { seq: Number(row.seq), id: row.id, reason: expect.stringMatching(/longer than the bound of 1 s/) } });
    const late = new AuditSequencerLoop({ url: url() }, quiet);
    late.start();
    expect(await awaitChained((sql, p) => ds.query(sql, p), 10_000)).toBe(true);
    await late.stop();
    expect(await verifyAuditChain(ds)).toMatchObject({ ok: true, unchained: 0 });
  }, 60_000);

  it('detects a chained row altered behind the trigger and a row slipped in behind the watermark', async () => {
    const loop = new AuditSequencerLoop({ url: url() }, quiet);
    loop.start();
    await appendSome(ds, writer, 3, 'test.tamper');
    expect(await awaitChained((sql, p) => ds.query(sql, p), 10_000)).toBe(true);
    await loop.stop();
    await expect(ds.query(`UPDATE audit_chain SET hash = 'x' WHERE pos = (SELECT max(pos) FROM audit_chain)`)).rejects.toThrow(/append-only/);
    const [victim]: Array<{ seq: string; id: string }> = await ds.query(`SELECT seq::text, id::text FROM audit_log WHERE action = 'test.tamper' ORDER BY seq LIMIT 1`);
    await ds.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    try {
      await ds.query(`UPDATE audit_log SET details = details || '{"forged":true}' WHERE seq = $1`, [victim.seq]);
      expect(await verifyAuditChain(ds)).toMatchObject({ ok: false, firstBroken: { seq: Number(victim.seq), id: victim.id, reason: expect.stringMatching(/altered/) } });
      await ds.query(`UPDATE audit_log SET details = details - 'forged' WHERE seq = $1`, [victim.seq]);
    } finally {
      await ds.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    }
    expect(await verifyAuditChain(ds)).toMatchObject({ ok: true });
    // The stamping trigger sets xid and at, so a row cannot be placed behind the watermark by an INSERT.
    await ds.query(`INSERT INTO audit_log (action, xid, at) VALUES ('test.backdated', '1', '2000-01-01')`);
    const [stamped]: Array<{ old: boolean; before: boolean }> = await ds.query(
      `SELECT at < now() - interval '1 day' AS old, (xid, seq) <= (SELECT last_xid, last_log_seq FROM audit_chain_head) AS before FROM audit_log WHERE action = 'test.backdated'`,
    );
    expect(stamped).toEqual({ old: false, before: false });
  }, 60_000);
});

async function legacyRows(ds: DataSource): Promise<number> {
  const [r]: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE xid IS NULL`);
  return r.n;
}

async function appendSome(ds: DataSource, writer: AuditWriter, n: number, action: string): Promise<void> {
  for (let i = 0; i < n; i++) await ds.transaction((em) => writer.append(em, { actorId: null, action, details: { i } }));
}

async function lockHolder(ds: DataSource): Promise<string | null> {
  const [r]: Array<{ app: string }> = await ds.query(
    `SELECT a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1`,
    [AUDIT_SEQUENCER_LOCK],
  );
  return r?.app ?? null;
}

function startSequencerProcess(url: string): ChildProcess {
  // One process (node with tsx's loader), not the tsx wrapper: SIGKILL must hit the sequencer itself.
  return spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'testing', 'sequencer-process.ts'), url], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(100);
  }
}

/**
 * Samples pg_locks every 20 ms: which lockable objects the writers' backends wait for. A "single
 * row" is a tuple or the transaction id of the row's locker (a waiter on a row lock waits on the
 * holder's xid); its share is the fraction of samples in which anybody waited on it.
 */
async function startLockSampler(url: string, application: string) {
  const client = new Client({ connectionString: url, application_name: 'agendy-lock-sampler' });
  await client.connect();
  let samples = 0;
  let waiting = 0;
  const perObject = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ key: string }>(
        `SELECT DISTINCT concat_ws(':', l.locktype, l.relation::regclass::text, l.page, l.tuple, l.transactionid::text, l.classid, l.objid) AS key
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE NOT l.granted AND a.application_name = $1`,
        [application],
      );
      samples++;
      if (rows.length > 0) waiting++;
      for (const r of rows) perObject.set(r.key, (perObject.get(r.key) ?? 0) + 1);
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      const busiest = [...perObject.entries()].sort((a, b) => b[1] - a[1])[0];
      return { samples, waiting, busiest: { key: busiest?.[0] ?? null, samples: busiest?.[1] ?? 0 } };
    },
  };
}
