import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { toPragueDate } from '@agendy/shared/util';
import type { FormValue, VisibilityCondition } from './form-spec';

/**
 * Evaluates a definition's `visibleIf` (JSONLogic) over `{ data, today, now }`, like the engine
 * does for rules. No condition means visible; a condition that cannot be evaluated hides nothing.
 */
export function isVisible(condition: VisibilityCondition, data: FormValue, now: Date = new Date()): boolean {
  if (condition === undefined || condition === null) return true;
  try {
    return Boolean(
      jsonLogic.apply(condition as RulesLogic, { data, today: toPragueDate(now), now: now.toISOString() }),
    );
  } catch {
    return true;
  }
}
