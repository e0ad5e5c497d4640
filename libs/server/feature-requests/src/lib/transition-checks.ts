import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FormData } from '@agendy/workflow/engine';

/**
 * What a module knows and an agenda definition cannot: leave balances, overlapping absences.
 * A check runs inside the transition's transaction, after the engine has accepted the step and
 * before anything is written, whichever way the step was taken (the generic requests API, a
 * module's own endpoint, bulk approval). It refuses by throwing a DomainException; the
 * transaction then rolls back and the client gets the problem+json of that exception.
 */
export interface TransitionCheck {
  /** Stable name; also what an authorised caller names in `overrides` to waive the check. */
  name: string;
  agenda: string;
  /** The check runs when a step moves a request of the agenda into one of these states. */
  entering: readonly string[];
  check(context: TransitionCheckContext): Promise<void>;
}

export interface TransitionCheckContext {
  em: EntityManager;
  requestId: string;
  filerId: string;
  from: string;
  to: string;
  /** The form data as the step leaves it. */
  data: FormData;
  /** Checks the caller is entitled to waive (e.g. HR overriding a leave balance). */
  overrides: ReadonlySet<string>;
}

/** Options of one apply(): only modules pass them, never the HTTP body. */
export interface ApplyOptions {
  overrides?: ReadonlySet<string>;
  /**
   * A step that would leave the request as it is (same state, same data, no effects) writes
   * nothing: no new version, history or audit row. PATCH asks for this, so a client saving the
   * same data twice does not fill the history; the engine still decides whether the step is
   * allowed at all.
   */
  skipIfUnchanged?: boolean;
}

@Injectable()
export class TransitionChecks {
  private readonly checks: TransitionCheck[] = [];

  register(check: TransitionCheck): void {
    if (this.checks.some((c) => c.name === check.name)) throw new Error(`Transition check "${check.name}" is registered twice`);
    this.checks.push(check);
  }

  async run(agenda: string, context: TransitionCheckContext): Promise<void> {
    for (const c of this.checks) {
      if (c.agenda === agenda && c.entering.includes(context.to)) await c.check(context);
    }
  }
}
