/**
 * Czech plural forms: 1 krok, 2–4 kroky, 0 and 5+ kroků (also 11–14 kroků, 21 kroků, 22 kroků —
 * in Czech only the numbers 1–4 themselves take the singular or the "few" form, not 21 or 22).
 * Negative numbers count by their absolute value; a non-integer takes the genitive singular,
 * which the caller passes as `many` when it differs ("1,5 kroku").
 */
export function czechPluralForm(count: number, one: string, few: string, many: string): string {
  const n = Math.abs(count);
  if (!Number.isInteger(n)) return many;
  if (n === 1) return one;
  if (n >= 2 && n <= 4) return few;
  return many;
}

/** The count with its noun: `czechPlural(3, 'krok', 'kroky', 'kroků')` → `3 kroky`. */
export function czechPlural(count: number, one: string, few: string, many: string): string {
  return `${count} ${czechPluralForm(count, one, few, many)}`;
}

/** English: `englishPlural(1, 'step')` → `1 step`, `englishPlural(4, 'step')` → `4 steps`. */
export function englishPlural(count: number, one: string, many = one + 's'): string {
  return `${count} ${Math.abs(count) === 1 ? one : many}`;
}
