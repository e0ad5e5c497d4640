/**
 * A seeded pseudo-random source (mulberry32). Walks take every decision through one of these, so a
 * run is reproducible from its seed as far as the system's own timing allows, and the pure parts
 * (materialisation, choosing) are testable with fixed sequences.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
}

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** An rng that returns the given values in turn (tests). */
export function fixedRng(values: number[]): Rng {
  let i = 0;
  return { next: () => values[i++ % values.length] };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rng.next() * items.length) % items.length];
}

export function chance(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
