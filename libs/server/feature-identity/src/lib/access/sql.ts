/**
 * TypeORM's `query()` on PostgreSQL answers UPDATE and DELETE with `[rows, rowCount]`, but
 * SELECT and INSERT with `rows`. Every `UPDATE/DELETE … RETURNING` goes through this, or a
 * check like `rows.length === 0` silently sees 2 and lets the caller through.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
