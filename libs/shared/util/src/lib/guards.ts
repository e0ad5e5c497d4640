/** Exhaustiveness check for discriminated unions: the compiler fails if a case is missing. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text in both languages of the office: Czech is authoritative, English for foreign staff and logs. */
export interface LocalizedText {
  readonly cs: string;
  readonly en: string;
}
