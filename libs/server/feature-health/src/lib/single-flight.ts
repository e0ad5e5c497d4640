/**
 * Wraps an async reader so that callers arriving while a read is in flight share it: one scrape's
 * dozen gauges, or a burst of health probes, cost one round trip to the database.
 */
export function singleFlight<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
