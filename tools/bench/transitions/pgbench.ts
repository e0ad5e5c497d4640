// The SQL half: pgbench running the 4-statement transaction of pgbench-transition.sql.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { stats, type LatencyStats } from './lib';

export const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';
export const PGBENCH_TARGETS = 1000;

export interface PgbenchResult {
  clients: number;
  transactions: number;
  failed: number;
  seconds: number;
  tps: number;
  latencyMs: LatencyStats;
}

/** Copies of a draft the API filed, under ids pgbench can compute: md5('agendy-pgbench-<n>'). */
export async function createPgbenchTargets(db: Client): Promise<void> {
  await db.query(
    `INSERT INTO requests (id, reference, agenda_code, agenda_version, filer_id, filer_department_id, state, final, outcome, version, snapshot, created_at, updated_at)
     SELECT md5('agendy-pgbench-' || g)::uuid, 'PGB/1999/' || lpad(g::text, 5, '0'), t.agenda_code, t.agenda_version, t.filer_id, t.filer_department_id,
            t.state, t.final, t.outcome, 1,
            jsonb_set(jsonb_set(jsonb_set(t.snapshot, '{request,id}', to_jsonb(md5('agendy-pgbench-' || g)::uuid::text)),
                      '{request,reference}', to_jsonb('PGB/1999/' || lpad(g::text, 5, '0'))), '{version}', '1'),
            now(), now()
     FROM generate_series(1, $1::int) g,
          (SELECT * FROM requests WHERE agenda_code = 'leave-request' AND state = 'draft' ORDER BY created_at LIMIT 1) t`,
    [PGBENCH_TARGETS],
  );
  await db.query(`ANALYZE requests`);
}

export function runPgbench(url: string, script: string, clients: number, seconds: number, tmpDir: string): PgbenchResult {
  const prefix = `pgbench-c${clients}`;
  const args = ['-n', '-f', script, '-D', `targets=${PGBENCH_TARGETS}`, '-c', String(clients), '-j', '2', '-T', String(seconds), '-l', `--log-prefix=${join(tmpDir, prefix)}`, url];
  const r = spawnSync(PGBENCH, args, { cwd: tmpDir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pgbench -c ${clients} failed (${r.status}): ${r.stderr || r.stdout}`);
  const out = r.stdout;
  const num = (re: RegExp) => {
    const m = re.exec(out);
    return m ? Number(m[1]) : NaN;
  };
  // Per-transaction log lines: client_id transaction_no latency_us script_no epoch_s epoch_us
  const latencies: number[] = [];
  for (const f of readdirSync(tmpDir).filter((name) => name.startsWith(`${prefix}.`))) {
    for (const line of readFileSync(join(tmpDir, f), 'utf8').split('\n')) {
      const parts = line.split(' ');
      if (parts.length >= 6) latencies.push(Number(parts[2]) / 1000);
    }
  }
  return {
    clients,
    transactions: num(/number of transactions actually processed: (\d+)/),
    failed: Number.isNaN(num(/number of failed transactions: (\d+)/)) ? 0 : num(/number of failed transactions: (\d+)/),
    seconds,
    tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
    latencyMs: stats(latencies),
  };
}
