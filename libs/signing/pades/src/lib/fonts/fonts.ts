import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * DejaVu Sans (Bitstream Vera license, see NOTICE) ships with the library: it covers Czech.
 * Bundlers must copy `libs/signing/pades/src/assets` next to the output (or set AGENDY_FONT_DIR).
 */
const cache = new Map<string, Buffer>();

export function fontDir(): string {
  return process.env['AGENDY_FONT_DIR'] ?? join(__dirname, '..', '..', 'assets');
}

export function loadFont(variant: 'regular' | 'bold' = 'regular'): Buffer {
  const file = variant === 'bold' ? 'DejaVuSans-Bold.ttf' : 'DejaVuSans.ttf';
  let f = cache.get(file);
  if (!f) {
    f = readFileSync(join(fontDir(), file));
    cache.set(file, f);
  }
  return f;
}
