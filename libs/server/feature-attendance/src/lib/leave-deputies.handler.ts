import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DelegationService } from '@agendy/server/feature-identity';
import { JobHandler } from '@agendy/server/queue';
import { addDays, startOfPragueDay, toPragueDate } from '@agendy/shared/util';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Approved leave activates the employee's deputies (the leave agenda has no effect for it, so this
 * sweep reacts to the request's state). A marker row per request is claimed before activating, so
 * a retried or concurrent run never activates (or audits) twice; a cancelled or rejected leave
 * revokes the substitutions it created.
 */
@Injectable()
export class LeaveDeputiesSync {
  private readonly logger = new Logger('LeaveDeputies');

  constructor(
    private readonly ds: DataSource,
    private readonly delegation: DelegationService,
  ) {}

  @JobHandler('attendance.sync-leave-deputies')
  async handle(): Promise<{ activated: number; revoked: number }> {
    return this.sync(new Date());
  }

  async sync(now: Date): Promise<{ activated: number; revoked: number }> {
    const today = toPragueDate(now);
    const pending: Array<{ id: string; filer_id: string; deputy: string; date_from: string; date_to: string }> = await this.ds.query(
      `SELECT r.id, r.filer_id, r.snapshot->'data'->>'deputy' AS deputy, r.snapshot->'data'->>'dateFrom' AS date_from, r.snapshot->'data'->>'dateTo' AS date_to
       FROM requests r LEFT JOIN attendance_leave_deputies m ON m.request_id = r.id
       WHERE r.agenda_code = 'leave-request' AND r.state IN ('approved', 'taken') AND m.request_id IS NULL
         AND r.snapshot->'data'->>'deputy' IS NOT NULL AND r.snapshot->'data'->>'dateTo' >= $1
       ORDER BY r.updated_at LIMIT 200`,
      [today],
    );
    let activated = 0;
    for (const r of pending) {
      const claimed: unknown[] = await this.ds.query(`INSERT INTO attendance_leave_deputies (request_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING request_id`, [r.id]);
      if (claimed.length === 0 || !UUID.test(r.deputy) || r.deputy === r.filer_id) continue;
      try {
        await this.delegation.activateFromLeave(
          { userId: r.filer_id, from: startOfPragueDay(r.date_from), to: startOfPragueDay(addDays(r.date_to, 1)), deputyIds: [r.deputy], sourceRequestId: r.id },
          now,
        );
        activated++;
      } catch (e) {
        // An invalid deputy (inactive, unknown) is a data problem, not a transient one: keep the marker, log it.
        this.logger.warn({ requestId: r.id, err: e instanceof Error ? e.message : String(e) }, 'Leave deputy not activated');
      }
    }
    const ended: Array<{ request_id: string }> = await this.ds.query(
      `SELECT m.request_id FROM attendance_leave_deputies m JOIN requests r ON r.id = m.request_id
       WHERE m.revoked_at IS NULL AND r.state IN ('cancelled', 'rejected')`,
    );
    let revoked = 0;
    for (const m of ended) {
      revoked += await this.delegation.revokeFromLeave(m.request_id, now);
      await this.ds.query(`UPDATE attendance_leave_deputies SET revoked_at = $2 WHERE request_id = $1`, [m.request_id, now]);
    }
    if (activated || revoked) this.logger.log({ activated, revoked }, 'Leave deputies synced');
    return { activated, revoked };
  }
}
