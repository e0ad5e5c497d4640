import { rmSync } from 'node:fs';
import { dataDir } from './playwright.config';

/** The embedded PostgreSQL of the run lives in a throw-away directory; remove it. */
export default function globalTeardown(): void {
  rmSync(dataDir, { recursive: true, force: true });
}
