import type { JsonLogic } from '@agendy/workflow/engine';

/** The comparisons the simple condition builder offers ("částka > 50 000"). */
export const OPERATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

/** One comparison of a form field with a constant: what an administrator builds without JSON. */
export interface SimpleCondition {
  field: string;
  op: Operator;
  value: string | number | boolean;
}

/** JSONLogic of a simple condition: `{ ">": [{ "var": "data.amount" }, 50000] }`. */
export function toLogic(c: SimpleCondition): JsonLogic {
  return { [c.op]: [{ var: `data.${c.field}` }, c.value] } as JsonLogic;
}

/** The simple condition a JSONLogic expression is, or null when it is more complex (then edited as JSON). */
export function fromLogic(logic: unknown): SimpleCondition | null {
  if (!logic || typeof logic !== 'object' || Array.isArray(logic)) return null;
  const entries = Object.entries(logic as Record<string, unknown>);
  if (entries.length !== 1) return null;
  const [op, args] = entries[0];
  if (!(OPERATORS as readonly string[]).includes(op) || !Array.isArray(args) || args.length !== 2) return null;
  const [left, right] = args as [unknown, unknown];
  const v = left && typeof left === 'object' && !Array.isArray(left) ? (left as Record<string, unknown>)['var'] : undefined;
  if (typeof v !== 'string' || !v.startsWith('data.') || v.length <= 5) return null;
  if (typeof right !== 'string' && typeof right !== 'number' && typeof right !== 'boolean') return null;
  return { field: v.slice(5), op: op as Operator, value: right };
}

/**
 * What the administrator typed as the value, typed as the field expects: numbers for number
 * fields (Czech "50 000" and "1 234,5" included), true/false for yes/no fields, text otherwise.
 */
export function parseValue(text: string, type: 'number' | 'boolean' | 'string'): string | number | boolean | null {
  const trimmed = text.trim();
  if (type === 'boolean') return trimmed === 'true' || trimmed === 'ano' ? true : trimmed === 'false' || trimmed === 'ne' ? false : null;
  if (type === 'number') {
    const n = Number(trimmed.replace(/[\s\u00a0]/g, '').replace(',', '.'));
    return trimmed !== '' && Number.isFinite(n) ? n : null;
  }
  return trimmed;
}

/** A condition as a sentence for the diagram and lists: `estimatedCost > 10 000`. */
export function describeLogic(logic: unknown): string {
  const simple = fromLogic(logic);
  if (!simple) return JSON.stringify(logic);
  const value = typeof simple.value === 'number' ? simple.value.toLocaleString('cs-CZ') : String(simple.value);
  return `${simple.field} ${simple.op} ${value}`;
}
