/**
 * Throughput of the whole PAdES B-B signing pipeline: `npm run bench:signing`.
 *
 * signPdf() on a 1-page office document (parse, incremental update, ByteRange digest, CMS with
 * signed attributes, RSA-2048 via node:crypto) is run in a loop. Reported next to it, from the
 * same run on the same machine: bare `crypto.sign` RSA-2048 (SHA-256) and `openssl speed -seconds 3
 * rsa2048` sign/s. The last line is `ratio: <pipeline / openssl sign/s>` (target ≥ 0.33).
 *
 * `openssl speed` divides by the process's user CPU time (not wall-clock time, unless -elapsed), so
 * on a shared/loaded machine its figure does not drop. The rates here are therefore computed per
 * CPU second too (process.cpuUsage, user + system: slightly conservative); wall-clock rates are
 * printed alongside.
 */
import { renderPdf, signPdf, KeyObjectProvider } from '@agendy/signing/pades';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WARMUP_MS = 500;
const PIPELINE_MS = 4_000;
const BASELINE_MS = 2_000;
const TARGET_RATIO = 1 / 3;

interface Rate {
  perCpuSecond: number;
  perWallSecond: number;
}

async function rate(ms: number, fn: () => Promise<unknown> | unknown): Promise<Rate> {
  const end = performance.now() + ms;
  const start = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  while (performance.now() < end) {
    await fn();
    n++;
  }
  const used = process.cpuUsage(cpu);
  return { perCpuSecond: n / ((used.user + used.system) / 1e6), perWallSecond: n / ((performance.now() - start) / 1000) };
}

const fmt = (r: Rate) => `${r.perCpuSecond.toFixed(0)}/s per CPU second (${r.perWallSecond.toFixed(0)}/s wall-clock)`;

function opensslSignRate(): number | undefined {
  const r = spawnSync('openssl', ['speed', '-seconds', '3', 'rsa2048'], { encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => /^rsa\s+2048 bits/.test(l));
  const cols = line?.trim().split(/\s+/);
  return cols ? Number(cols[cols.length - 2]) : undefined;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agendy-bench-signing-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'),
      '-days', '2', '-subj', '/CN=Benchmark Podepisující/O=Krajský úřad'], { stdio: 'ignore' });
    const keyPem = readFileSync(join(dir, 'k.pem'), 'utf8');
    const certPem = readFileSync(join(dir, 'c.pem'), 'utf8');
    const certDer = Buffer.from(certPem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
    const provider = KeyObjectProvider.fromPem(keyPem, [certDer]);
    const pdf = await renderPdf({
      office: { name: 'Krajský úřad Testovacího kraje' },
      title: 'Rozhodnutí',
      referenceNumber: 'KUTK/1/2026',
      blocks: [{ type: 'paragraph', text: 'Příliš žluťoučký kůň úpěl ďábelské ódy' }],
    });
    const options = { keyProvider: provider, name: 'Benchmark Podepisující', reason: 'Benchmark' };

    await rate(WARMUP_MS, () => signPdf(pdf, options));
    const pipeline = await rate(PIPELINE_MS, () => signPdf(pdf, options));
    const key = createPrivateKey(keyPem);
    const data = Buffer.alloc(200, 1);
    rate(200, () => sign('sha256', data, key));
    const bare = await rate(BASELINE_MS, () => sign('sha256', data, key));
    const openssl = opensslSignRate();

    console.log(`document: 1 page, ${pdf.length} bytes; PAdES B-B, RSA-2048, SHA-256, invisible signature`);
    console.log(`pipeline (signPdf):               ${fmt(pipeline)}`);
    console.log(`baseline crypto.sign RSA-2048:    ${fmt(bare)}  (pipeline/crypto.sign = ${(pipeline.perCpuSecond / bare.perCpuSecond).toFixed(3)})`);
    if (openssl === undefined || !Number.isFinite(openssl)) {
      console.log('openssl speed rsa2048:         unavailable');
      console.log(`ratio: ${(pipeline.perCpuSecond / bare.perCpuSecond).toFixed(3)}`);
      return;
    }
    const ratio = pipeline.perCpuSecond / openssl;
    console.log(`openssl speed -seconds 3 rsa2048: ${openssl.toFixed(0)} sign/s (per user CPU second)`);
    console.log(`target: ratio >= ${TARGET_RATIO.toFixed(3)} -> ${ratio >= TARGET_RATIO ? 'OK' : 'BELOW TARGET'}`);
    console.log(`ratio: ${ratio.toFixed(3)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
