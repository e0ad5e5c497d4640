import type { JobName } from '@agendy/server/queue';
import type { Effect, EffectType } from '@agendy/workflow/engine';

/**
 * Which job carries out each kind of effect. `assign` and `setField` have none: the transition
 * applies them in its own transaction (the snapshot holds the new data and the inbox rows are
 * written there), so their outbox rows are recorded as already processed.
 */
export const JOB_OF_EFFECT: { readonly [T in EffectType]: JobName | null } = {
  assign: null,
  setField: null,
  notify: 'effects.notify',
  scheduleTimer: 'effects.timer',
  generateDocument: 'effects.generate-document',
  requestSignatures: 'effects.request-signatures',
  publishToRegister: 'effects.publish-to-register',
  createBooking: 'effects.create-booking',
  cancelBooking: 'effects.cancel-booking',
};

/** When the job may run: timers wait for their instant, everything else runs at once. */
export function availableAt(effect: Effect, now: Date): Date {
  if (effect.type === 'scheduleTimer') {
    const at = new Date(effect.at);
    return at.getTime() > now.getTime() ? at : now;
  }
  return now;
}
