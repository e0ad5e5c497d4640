/**
 * A stand-alone audit sequencer process for the failover test (audit-sequencer.integration-spec.ts):
 * the test SIGKILLs it the way a worker dies. Relative imports only, so tsx runs it without aliases.
 * Usage: tsx sequencer-process.ts <database url>
 */
import { AuditSequencerLoop } from '../audit-sequencer';

const url = process.argv[2];
if (!url) throw new Error('usage: sequencer-process.ts <database url>');
const loop = new AuditSequencerLoop(
  { url, applicationName: 'agendy-sequencer-child' },
  { log: (m) => process.stdout.write(`${m}\n`), warn: (m, f) => process.stdout.write(`${m} ${JSON.stringify(f ?? {})}\n`) },
);
loop.start();
// The loop's timer is unref'd (a worker's other work keeps it alive); here nothing else does.
setInterval(() => undefined, 60_000);
