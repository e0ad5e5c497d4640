/** Department codes as the database allows them: `^[A-Z0-9_-]{1,20}$`. */
export const DEPARTMENT_CODE = /^[A-Z0-9_-]{1,20}$/;

/**
 * A code for a department the directory names only in words (AD's `department`):
 * "Odbor dopravy" → "ODBOR-DOPRAVY". Diacritics go, anything else becomes "-".
 */
export function departmentCodeFrom(value: string): string {
  const upper = value.trim().toUpperCase();
  if (DEPARTMENT_CODE.test(upper)) return upper;
  const folded = upper
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 20)
    .replace(/-+$/, '');
  return folded || 'DEPT';
}
