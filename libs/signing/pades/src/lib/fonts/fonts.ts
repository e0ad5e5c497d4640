import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * DejaVu Sans (Bitstream Vera license, see NOTICE) ships with the library: it covers Czech.
 * Looked up in AGENDY_FONT_DIR, next to this source file (tests, tsx), in `assets/` next to a
 * bundle (copy `libs/signing/pades/src/assets` there when building the api and worker), and in the
 * repository checkout the process runs from (`npm start`).
 */
const cache = new Map<string, Buffer>();

const FILE = 'DejaVuSans.ttf';

export function fontDir(): string {
  const candidates = [
    process.env['AGENDY_FONT_DIR'],
    join(__dirname, '..', '..', 'assets'),
    join(__dirname, 'assets'),
    join(process.cwd(), 'libs', 'signing', 'pades', 'src', 'assets'),
  ].filter((d): d is string => !!d);
  return candidates.find((d) => existsSync(join(d, FILE))) ?? candidates[0];
}

export function loadFont(variant: 'regular' | 'bold' = 'regular'): Buffer {
  const file = variant === 'bold' ? 'DejaVuSans-Bold.ttf' : FILE;
  let f = cache.get(file);
  if (!f) {
    f = readFileSync(join(fontDir(), file));
    cache.set(file, f);
  }
  return f;
}
