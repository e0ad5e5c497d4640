// Finds a Redis for `npm start`: the one at REDIS_URL, or a private redis-server under the data dir.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { supervise } from './supervise.mjs';

/** Sends PING over a raw socket; true when something answers +PONG (or asks for auth). */
export function pingRedis(url, timeoutMs = 1500) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (buf) => done(/^(\+PONG|-NOAUTH)/.test(buf.toString())));
  });
}

function hasRedisServer() {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns { url, stop }. Starts redis-server only for a local URL nobody answers on,
 * with the settings BullMQ needs (noeviction) and an append-only file so jobs survive restarts;
 * a redis-server that dies is restarted (supervise.mjs).
 * @param {{ log: (m: string) => void, onSpawn?: (child, dir) => void, onFatal: (why: string) => void }} o
 */
export async function ensureRedis(url, dataDir, o) {
  const { log } = o;
  if (await pingRedis(url)) {
    log(`Redis: using ${url}`);
    return { url, stop: async () => undefined };
  }
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname)) {
    throw new Error(`Redis at ${url} does not answer. Start it, or unset REDIS_URL to let npm start run a local one.`);
  }
  if (!hasRedisServer()) {
    throw new Error(
      `Redis does not answer at ${url} and no redis-server is on PATH.\n` +
        `  Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n` +
        `  or point REDIS_URL at a running Redis 6.2+ with maxmemory-policy noeviction.`,
    );
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = u.port || '6379';
  const server = supervise({
    name: 'Redis',
    log,
    // Its own session, like PostgreSQL: a Ctrl+C to our process group must not stop it before the
    // api and the worker have drained; start.mjs stops it after them.
    spawn: () =>
      spawn(
        'redis-server',
        ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--maxmemory-policy', 'noeviction', '--appendonly', 'yes', '--save', '', '--protected-mode', 'yes'],
        { cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'inherit'] },
      ),
    ready: (child) => waitPong(child, url, port),
    onSpawn: (child) => o.onSpawn?.(child, dir),
    stopSignals: ['SIGTERM'],
    stopTimeoutMs: 15_000,
    onFatal: o.onFatal,
  });
  await server.startSupervised();
  log(`Redis: started redis-server on port ${port} (data in ${dir})`);
  return { url, stop: () => server.stop() };
}

async function waitPong(child, url, port) {
  let exit = null;
  child.once('exit', (code, signal) => (exit = signal ?? code));
  for (let i = 0; i < 100; i++) {
    if (exit !== null) break;
    if (await pingRedis(url, 300)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not come up on port ${port}; is the port taken by something that is not Redis?`);
}
