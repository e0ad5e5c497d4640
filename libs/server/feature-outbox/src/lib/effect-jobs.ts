import type { JobName } from '@agendy/server/queue';
import type { Effect, EffectType, Party } from '@agendy/workflow/engine';
import type { LocalizedText } from '@agendy/shared/util';

/**
 * A notification an area sends about its own objects outside any workflow request (a booking
 * confirmed, a colleague joined a trip). It rides the engine's `notify` road — an outbox row
 * written in the area's transaction, `effects.notify`, NotifyHandler — but has no request: its
 * `requestId` is null and its recipients are users, so nothing has to be resolved through an
 * agenda definition. The id is the area's own stable key (e.g. `booking/<id>/confirmed/1`): the
 * outbox row id, the job id and the notifications' `effect_id`, so a repeated write is a no-op.
 */
export interface NoticeEffect {
  id: string;
  requestId: null;
  type: 'notify';
  recipients: Array<Extract<Party, { kind: 'user' }>>;
  message: LocalizedText;
  template: string;
}

/** What an outbox row carries: an engine effect of a request, or an area's notice. */
export type OutboxEffect = Effect | NoticeEffect;

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
export function availableAt(effect: OutboxEffect, now: Date): Date {
  if (effect.type === 'scheduleTimer') {
    const at = new Date(effect.at);
    return at.getTime() > now.getTime() ? at : now;
  }
  return now;
}
