import { randomUUID } from 'node:crypto';

/**
 * One person's session against a listening api, over plain fetch (keep-alive), the way a careful
 * client behaves (docs/runtime.md, "Idempotency-Key"): every POST and PATCH under /api/v1 (except
 * /auth) carries a fresh Idempotency-Key, and a retry after a network error, a 502–504 or a 409
 * IDEMPOTENCY_KEY_IN_FLIGHT resends the very same request with the same key. Every attempt is
 * reported to an observer (method, route, status, milliseconds), so a test can judge latency and
 * errors across all sessions.
 */

export interface HttpSample {
  method: string;
  /** The path with ids replaced by `:id` and without the query, e.g. `/api/v1/requests/:id/transitions`. */
  route: string;
  /** 0 when no answer came (network error, timeout). */
  status: number;
  /** The problem code of an error answer (`STALE`, `DATABASE_BUSY`, …), or the network error. */
  code?: string;
  ms: number;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** When the attempt started (epoch ms). */
  at: number;
}

export type HttpObserver = (sample: HttpSample) => void;

export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of every endpoint
  body: any;
  /** The problem code of an error answer. */
  code?: string;
  /** The answer is the stored first answer of this Idempotency-Key. */
  replayed: boolean;
}

export interface ApiSessionOptions {
  password?: string;
  observer?: HttpObserver;
  /** Attempts per request, retries included (default 6). */
  attempts?: number;
  /** An attempt without an answer after this long is abandoned and retried (default 60 s). */
  timeoutMs?: number;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function routeOf(path: string): string {
  return path.split('?')[0].replace(UUID, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');
}

/** Whether the API takes an Idempotency-Key on this call (docs/runtime.md: every POST/PATCH under /api/v1 but /auth). */
export function keyed(method: string, path: string): boolean {
  return (method === 'POST' || method === 'PATCH') && path.startsWith('/api/v1/') && !path.startsWith('/api/v1/auth/');
}

/** Seconds of a Retry-After header, capped: a client waits a little, not as long as a server may ask. */
function retryAfterMs(headers: Headers, attempt: number): number {
  const s = Number(headers.get('retry-after'));
  return Number.isFinite(s) && s > 0 ? Math.min(s * 1000, 3000) : Math.min(250 * attempt, 2000);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ApiSession {
  private readonly jar = new Map<string, string>();
  private readonly password: string;
  private readonly attempts: number;
  private readonly timeoutMs: number;
  private loggedIn = false;

  constructor(
    readonly base: string,
    readonly username: string,
    private readonly options: ApiSessionOptions = {},
  ) {
    this.password = options.password ?? 'demo';
    this.attempts = options.attempts ?? 6;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async login(): Promise<void> {
    await this.call('GET', '/api/v1/auth/me');
    const res = await this.call('POST', '/api/v1/auth/login', { username: this.username, password: this.password });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${res.status} ${JSON.stringify(res.body)}`);
    this.loggedIn = true;
  }

  get(path: string): Promise<ApiAnswer> {
    return this.call('GET', path);
  }

  post(path: string, body?: unknown): Promise<ApiAnswer> {
    return this.call('POST', path, body);
  }

  patch(path: string, body: unknown): Promise<ApiAnswer> {
    return this.call('PATCH', path, body);
  }

  /** A raw body (uploads: attachments, signed PDFs). */
  upload(path: string, bytes: Uint8Array, contentType: string): Promise<ApiAnswer> {
    return this.call('POST', path, { raw: bytes, contentType });
  }

  /** A binary download; throws on anything but 200. */
  async download(path: string): Promise<Buffer> {
    const res = await this.call('GET', path, undefined, true);
    if (res.status !== 200) throw new Error(`${this.username}: GET ${path} answered ${res.status} ${res.code ?? ''}`);
    return res.body as Buffer;
  }

  /**
   * One logical request, retried with the same Idempotency-Key until it is answered with something
   * other than a network error, a 502–504 or "the first attempt is still in flight".
   */
  async call(method: string, path: string, body?: unknown, binary = false): Promise<ApiAnswer> {
    const key = keyed(method, path) ? randomUUID() : undefined;
    let relogged = false;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const t0 = performance.now();
      let res: Response;
      let payload: Buffer;
      try {
        res = await fetch(this.base + path, { method, headers: this.headers(body, key), body: this.bodyOf(body), signal: AbortSignal.timeout(this.timeoutMs) });
        payload = Buffer.from(await res.arrayBuffer());
      } catch (e) {
        const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name ?? 'network';
        this.observe(method, path, 0, code, t0, attempt, started);
        if (attempt >= this.attempts) throw new Error(`${this.username}: ${method} ${path} failed ${attempt}×, last: ${code}`);
        await sleep(Math.min(250 * attempt, 2000));
        continue;
      }
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        this.jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
      const json = !binary || res.status >= 400 ? parseJson(payload) : undefined;
      const code = res.status >= 400 && json && typeof json === 'object' ? (json as { code?: string }).code : undefined;
      this.observe(method, path, res.status, code, t0, attempt, started);
      const retryable = res.status === 502 || res.status === 503 || res.status === 504 || (res.status === 409 && code === 'IDEMPOTENCY_KEY_IN_FLIGHT');
      if (retryable && attempt < this.attempts) {
        await sleep(retryAfterMs(res.headers, attempt));
        continue;
      }
      // A session that timed out (idle limit during a long soak): log in again and resend once.
      if (res.status === 401 && this.loggedIn && !relogged && !path.startsWith('/api/v1/auth/')) {
        relogged = true;
        await this.login();
        continue;
      }
      return { status: res.status, body: binary && res.status < 400 ? payload : json, code, replayed: res.headers.get('idempotent-replayed') === 'true' };
    }
  }

  private headers(body: unknown, key: string | undefined): Record<string, string> {
    const raw = isRaw(body);
    return {
      accept: 'application/json',
      cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-xsrf-token': decodeURIComponent(this.jar.get('XSRF-TOKEN') ?? ''),
      ...(raw ? { 'content-type': body.contentType } : body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
    };
  }

  private bodyOf(body: unknown): BodyInit | undefined {
    if (body === undefined) return undefined;
    // fetch types want an ArrayBuffer-backed view; a Buffer is one at runtime.
    return isRaw(body) ? (body.raw as Uint8Array<ArrayBuffer>) : JSON.stringify(body);
  }

  private observe(method: string, path: string, status: number, code: string | undefined, t0: number, attempt: number, at: number): void {
    this.options.observer?.({ method, route: routeOf(path), status, ...(code ? { code } : {}), ms: performance.now() - t0, attempt, at });
  }
}

function isRaw(body: unknown): body is { raw: Uint8Array; contentType: string } {
  return !!body && typeof body === 'object' && (body as { raw?: unknown }).raw instanceof Uint8Array;
}

function parseJson(payload: Buffer): unknown {
  if (payload.length === 0) return undefined;
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return payload.toString('utf8').slice(0, 500);
  }
}
