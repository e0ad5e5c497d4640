import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHandler, JobPayloads } from '@agendy/server/queue';

/** Identifies this process across heartbeats; a restart is a new worker. */
export const WORKER_ID = `${hostname()}:${process.pid}:${Date.now().toString(36)}`;
const STARTED_AT = new Date();

@Injectable()
export class HeartbeatHandler {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** An upsert, so a redelivered heartbeat only moves the timestamp. */
  @JobHandler('housekeeping.heartbeat')
  async beat(_payload: JobPayloads['housekeeping.heartbeat']): Promise<{ workerId: string }> {
    await this.db.query(
      `INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, last_seen_at, beats)
       VALUES ($1, $2, $3, $4, now(), 1)
       ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now(), beats = worker_heartbeats.beats + 1`,
      [WORKER_ID, hostname(), process.pid, STARTED_AT],
    );
    // Rows of workers silent for a day are history, not state.
    await this.db.query(`DELETE FROM worker_heartbeats WHERE last_seen_at < now() - interval '1 day'`);
    return { workerId: WORKER_ID };
  }
}
