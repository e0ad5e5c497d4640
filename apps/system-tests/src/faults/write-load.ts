import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { Answer, Session } from './npm-start';

/** One logical write as the client saw it: sent (and retried) under one Idempotency-Key. */
export interface WriteOp {
  kind: 'create' | 'submit';
  key: string;
  /** A create's description: how the test finds its rows afterwards, however many there are. */
  marker: string;
  requestId?: string;
  /** Answered 2xx: the system promised the write happened. */
  acknowledged: boolean;
  attempts: number;
  /** The last answer: status or network error code. */
  last: string;
}

const RETRY_PAUSE_MS = 200;

function codeOf(answer: Answer): string {
  try {
    const problem = JSON.parse(answer.body) as { code?: string; detail?: string };
    if (answer.status === 503 && problem.detail?.includes('shutting down')) return 'draining';
    return problem.code ?? '';
  } catch {
    return '';
  }
}

function networkCode(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ?? err.message ?? 'network error';
}

/**
 * Users filing maintenance requests and submitting them, each step retried on a network error or
 * a 503 with the same `Idempotency-Key` (what a careful client does: the answer to a write may be
 * lost while the write itself committed). Maintenance requests, because their only checks are the
 * form's: nothing but the fault decides whether a write goes through.
 */
export class WriteLoad {
  readonly ops: WriteOp[] = [];
  readonly answers = new Map<string, number>();
  private running = false;
  private down = false;
  /** Attempts sent and not yet answered, and what became of those that were in flight at markSignal(). */
  private readonly outstanding = new Map<WriteOp, number>();
  private watched: Map<WriteOp, number> | null = null;
  readonly inFlightAtSignal = new Map<string, number>();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly sessions: Session[],
    private readonly label: string,
  ) {}

  get acknowledged(): number {
    return this.ops.filter((o) => o.acknowledged).length;
  }

  start(): void {
    this.running = true;
    this.loops = this.sessions.map((s, i) => this.user(s, i));
  }

  /** Remembers the attempts in flight now (the moment of a signal) to report how each ended. */
  markSignal(): number {
    this.watched = new Map(this.outstanding);
    return this.watched.size;
  }

  /** E.g. "6: 201 ×3, 200 ×2, ECONNRESET ×1". */
  inFlightSummary(): string {
    const n = this.watched?.size ?? 0;
    return `${n}${n ? `: ${[...this.inFlightAtSignal].map(([k, c]) => `${k} ×${c}`).join(', ')}` : ''}`;
  }

  /** No new writes; the ones under way are retried until answered. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Answers by status (and problem code), e.g. "201 ×40, 503 draining ×3, ECONNRESET ×1". */
  summary(): string {
    return [...this.answers].map(([k, n]) => `${k} ×${n}`).join(', ');
  }

  /**
   * The system is gone (npm start exited): a write still being retried gives up at its next
   * refused connection, and the users stop.
   */
  async systemDown(): Promise<void> {
    this.down = true;
    this.running = false;
    await Promise.all(this.loops);
  }

  private async user(session: Session, vu: number): Promise<void> {
    for (let n = 0; this.running; n++) {
      const marker = `Zkouška vypnutí ${this.label} ${vu}-${n} ${randomUUID()}`;
      const create: WriteOp = { kind: 'create', key: randomUUID(), marker, acknowledged: false, attempts: 0, last: '' };
      this.ops.push(create);
      const created = await this.write(session, create, '/api/v1/requests', {
        agenda: 'maintenance-request',
        data: { category: 'it-hardware', building: 'A', room: 'A1.23', description: marker, priority: 'normalni' },
      });
      if (!created || created.status !== 201) continue;
      create.requestId = (JSON.parse(created.body) as { id: string }).id;
      if (!this.running) break;
      const submit: WriteOp = { kind: 'submit', key: randomUUID(), marker, requestId: create.requestId, acknowledged: false, attempts: 0, last: '' };
      this.ops.push(submit);
      await this.write(session, submit, `/api/v1/requests/${create.requestId}/transitions`, { transition: 'submit', expectedVersion: 1 });
    }
  }

  private count(op: WriteOp): void {
    this.answers.set(op.last, (this.answers.get(op.last) ?? 0) + 1);
    if (this.watched?.get(op) === op.attempts) this.inFlightAtSignal.set(op.last, (this.inFlightAtSignal.get(op.last) ?? 0) + 1);
    this.outstanding.delete(op);
  }

  /** Sends until an answer other than 503 arrives, or the system is down for good. */
  private async write(session: Session, op: WriteOp, path: string, body: unknown): Promise<Answer | undefined> {
    for (;;) {
      op.attempts++;
      this.outstanding.set(op, op.attempts);
      try {
        const answer = await session.send('POST', path, body, { 'idempotency-key': op.key });
        op.last = `${answer.status}${answer.status >= 400 ? ` ${codeOf(answer)}` : ''}`;
        this.count(op);
        // 503: not done, come back (a draining api, a database restarting). IN_FLIGHT: the first
        // attempt with this key still runs (or died and its claim has not expired yet).
        if (answer.status !== 503 && !op.last.endsWith('IDEMPOTENCY_KEY_IN_FLIGHT')) {
          op.acknowledged = answer.status >= 200 && answer.status < 300;
          return answer;
        }
      } catch (e) {
        op.last = networkCode(e);
        this.count(op);
        if (this.down) return undefined;
      }
      await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
    }
  }
}

export interface WriteCheck {
  acknowledgedCreates: number;
  acknowledgedSubmits: number;
  unacknowledged: number;
  /** Acknowledged writes not in the database. */
  lost: string[];
  /** Writes found more than once. */
  duplicated: string[];
}

/** Compares what the clients were told with what the database holds (after a restart). */
export async function checkWrites(db: Client, ops: WriteOp[]): Promise<WriteCheck> {
  const markers = ops.filter((o) => o.kind === 'create').map((o) => o.marker);
  const { rows } = await db.query<{ id: string; state: string; marker: string }>(
    `SELECT id, state, snapshot->'data'->>'description' AS marker FROM requests WHERE snapshot->'data'->>'description' = ANY($1)`,
    [markers],
  );
  const byMarker = new Map<string, Array<{ id: string; state: string }>>();
  for (const r of rows) byMarker.set(r.marker, [...(byMarker.get(r.marker) ?? []), r]);
  const result: WriteCheck = { acknowledgedCreates: 0, acknowledgedSubmits: 0, unacknowledged: 0, lost: [], duplicated: [] };
  for (const op of ops) {
    const found = byMarker.get(op.marker) ?? [];
    if (!op.acknowledged) result.unacknowledged++;
    if (op.kind === 'create') {
      if (found.length > 1) result.duplicated.push(`${op.marker}: ${found.length} requests (last answer ${op.last}, ${op.attempts} attempts)`);
      // The server's word that the write was carried out, though its answer was lost.
      if (op.last.endsWith('IDEMPOTENCY_KEY_COMPLETED') && found.length !== 1) result.lost.push(`create reported completed, found ${found.length}× (${op.marker})`);
      if (!op.acknowledged) continue;
      result.acknowledgedCreates++;
      if (!found.some((r) => r.id === op.requestId)) result.lost.push(`create ${op.requestId} (${op.marker})`);
    } else if (op.acknowledged) {
      result.acknowledgedSubmits++;
      const request = found.find((r) => r.id === op.requestId);
      if (!request || request.state === 'draft') result.lost.push(`submit of ${op.requestId}: state ${request?.state ?? 'missing'}`);
    }
  }
  return result;
}
