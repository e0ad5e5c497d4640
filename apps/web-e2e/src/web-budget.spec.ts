import { expect, test } from './support/test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The initial JavaScript transfer (main + every chunk index.html preloads) stays under 250 kB
 * gzip, as the issue demands. Angular's budgets in apps/web/project.json count raw bytes (error
 * at 500 kB raw, ≈ 140 kB gzip at today's ratio of 3.6 : 1, so the build already fails well before
 * 250 kB gzip); this measures the gzip number itself on the build the suite runs against.
 */
const LIMIT_BYTES = 250 * 1024;

test('the initial JavaScript is under 250 kB gzip', async () => {
  const root = resolve(__dirname, '../../..');
  const browserDir = join(process.env['AGENDY_DIST_DIR'] ? resolve(root, process.env['AGENDY_DIST_DIR']) : join(root, 'dist'), 'apps/web/browser');
  const html = readFileSync(join(browserDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  expect(files.some((f) => f.startsWith('main-')), 'index.html loads main-*.js').toBe(true);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = readFileSync(join(browserDir, file));
    raw += body.length;
    gzip += gzipSync(body, { level: 6 }).length;
  }
  test.info().annotations.push({ type: 'initial-js', description: `${files.length} files, ${(raw / 1024).toFixed(1)} kB raw, ${(gzip / 1024).toFixed(1)} kB gzip` });
  console.log(`initial JS: ${files.length} files, ${(raw / 1024).toFixed(1)} kB raw, ${(gzip / 1024).toFixed(1)} kB gzip`);
  expect(gzip).toBeLessThan(LIMIT_BYTES);
});
