import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isLocalDate } from '@agendy/shared/util';
import { DomainException } from '@agendy/server/core';
import { TransitionChecks } from '@agendy/server/feature-requests';
import { loadAccount, loadDaysOff, loadLeaves, loadModel } from './attendance-store';
import { checkNewLeave, PENDING_STATES, TAKEN_STATES, type LeaveEntry, type LeaveRefusal } from './domain/leave-balance';

/** The name HR passes in `overrides` to file leave beyond the balance. */
export const LEAVE_BALANCE_CHECK = 'leave-balance';

/** The leave a request asks for, or null when its data does not describe one (yet). */
export function leaveCandidate(data: Record<string, unknown>): Omit<LeaveEntry, 'state'> | null {
  const { type, dateFrom, dateTo, halfDay } = data;
  if (typeof type !== 'string' || !isLocalDate(dateFrom)) return null;
  return { type, dateFrom, dateTo: isLocalDate(dateTo) ? dateTo : dateFrom, halfDay: halfDay === true };
}

/** Overlap, balance (pending requests included) and sick days of one person, read through `em`. */
export async function leaveRefusal(em: EntityManager, userId: string, candidate: Omit<LeaveEntry, 'state'>, override: boolean): Promise<LeaveRefusal | null> {
  const year = Number(candidate.dateFrom.slice(0, 4));
  // One after another: inside a transaction `em` is a single connection, which runs one query at a time.
  const model = await loadModel(em, userId);
  const account = await loadAccount(em, userId, year);
  const entries = await loadLeaves(em, userId, `${year - 1}-01-01`, `${year + 1}-12-31`, [...TAKEN_STATES, ...PENDING_STATES]);
  const daysOff = await loadDaysOff(em, `${year}-01-01`, `${year}-12-31`);
  return checkNewLeave(candidate, year, model, account, entries, new Set(daysOff.keys()), override);
}

/**
 * A leave request entering approval, however it was filed (the attendance page, the generic
 * form, the API): no overlap with another absence, enough leave, sick days left. A per-person
 * transaction lock makes two parallel submissions of the same person take turns, so both cannot
 * pass on the same remaining balance.
 */
@Injectable()
export class LeaveSubmissionCheck implements OnModuleInit {
  constructor(private readonly checks: TransitionChecks) {}

  onModuleInit(): void {
    this.checks.register({
      name: LEAVE_BALANCE_CHECK,
      agenda: 'leave-request',
      entering: PENDING_STATES,
      check: async ({ em, filerId, data, overrides }) => {
        const candidate = leaveCandidate(data);
        if (!candidate) return; // the form validation has already refused an incomplete request
        await em.query(`SELECT pg_advisory_xact_lock(hashtext('leave:' || $1))`, [filerId]);
        const refusal = await leaveRefusal(em, filerId, candidate, overrides.has(LEAVE_BALANCE_CHECK));
        if (refusal) throw new DomainException(refusal);
      },
    });
  }
}
