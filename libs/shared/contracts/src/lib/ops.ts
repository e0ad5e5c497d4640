/** HTTP contracts of the ops area (shared by api and web). */

/**
 * An effect whose job ran out of tries (docs/runtime.md, "Retries, redelivery and incidents"): open until the effect is
 * finally processed, then closed by itself. `GET /api/v1/admin/incidents`, system administrators.
 */
export interface EffectIncidentItem {
  id: string;
  /** The outbox row (= BullMQ job id). */
  effectId: string;
  /** Engine effect type: notify, scheduleTimer, generateDocument … */
  effectType: string;
  job: string | null;
  request: { id: string; reference: string } | null;
  openedAt: string;
  /** Set when the effect was processed at last. */
  closedAt: string | null;
  /** How often its jobs ran out of tries while the incident was open. */
  failures: number;
  /** How often the outbox has redelivered the effect so far (over its whole life). */
  redeliveries: number;
  lastError: string | null;
  lastFailedAt: string;
  /** When the outbox redelivers it next; null while a redelivered job is being tried. */
  nextAttemptAt: string | null;
}

export interface EffectIncidentListResponse {
  items: EffectIncidentItem[];
  /** Open incidents in total (the list may be cut at `limit`). */
  open: number;
}
