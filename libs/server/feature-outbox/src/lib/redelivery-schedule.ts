/**
 * How long the outbox waits before it redelivers an effect whose job ran out of tries for the
 * (n+1)-th time: base, 2·base, 4·base … never more than max. It never gives up: an effect that
 * keeps failing is tried every `max` seconds until it succeeds or someone fixes its cause.
 */
export function redeliveryDelaySeconds(redeliveriesSoFar: number, baseSeconds: number, maxSeconds: number): number {
  // 2^30 times any base is far past any cap; stopping the exponent there keeps the number finite.
  const exponent = Math.min(Math.max(0, Math.floor(redeliveriesSoFar)), 30);
  return Math.min(baseSeconds * 2 ** exponent, Math.max(baseSeconds, maxSeconds));
}

/** The same rule in SQL, for statements that schedule rows themselves (`$n` placeholders given). */
export function redeliveryDelaySql(redeliveries: string, base: string, max: string): string {
  return `make_interval(secs => LEAST(${base}::float8 * power(2, LEAST(GREATEST(${redeliveries}, 0), 30)), GREATEST(${base}::float8, ${max}::float8)))`;
}
