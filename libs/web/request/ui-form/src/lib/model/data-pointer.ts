import { parseJsonPointer, toJsonPointer } from '@agendy/shared/util';
import type { FormValue } from './form-spec';

/** Reads the value a JSON pointer addresses (`/budget/0/amount`), `undefined` when absent. */
export function readAt(data: unknown, pointer: string): unknown {
  let current: unknown = data;
  for (const segment of parseJsonPointer(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Returns a copy of `data` with the value at `pointer` replaced; `undefined` removes an object
 * property (an empty optional field is absent, not an empty string). Arrays and objects on the
 * way are copied, never mutated, so signals holding the data see a new reference.
 */
export function writeAt(data: FormValue, pointer: string, value: unknown): FormValue {
  const segments = parseJsonPointer(pointer);
  if (segments.length === 0) return data;
  return writeSegments(data, segments, value) as FormValue;
}

function writeSegments(container: unknown, segments: string[], value: unknown): unknown {
  const [head, ...rest] = segments;
  if (Array.isArray(container)) {
    const copy = [...container];
    const index = Number(head);
    copy[index] = rest.length ? writeSegments(copy[index] ?? {}, rest, value) : value;
    return copy;
  }
  const copy: Record<string, unknown> = { ...((container as Record<string, unknown>) ?? {}) };
  const next = rest.length ? writeSegments(copy[head] ?? (/^\d+$/.test(rest[0]) ? [] : {}), rest, value) : value;
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** `/budget/0/amount` → `budget-0-amount`, safe inside an HTML id. */
export function pointerToIdPart(pointer: string): string {
  return parseJsonPointer(pointer)
    .map((s) => s.replace(/[^A-Za-z0-9_-]/g, '_'))
    .join('-');
}

export function fieldPointer(name: string, ...rest: Array<string | number>): string {
  return toJsonPointer([name, ...rest]);
}

/** Top-level field name of a pointer: `/budget/0/amount` → `budget`. */
export function fieldNameOf(pointer: string): string {
  return parseJsonPointer(pointer)[0] ?? '';
}

/** True when `pointer` is `ancestor` itself or lies below it. */
export function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(ancestor + '/');
}
