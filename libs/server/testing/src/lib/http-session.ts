import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

export interface LoggedInAgent {
  agent: TestAgent;
  /** Send as X-XSRF-TOKEN on state-changing requests. */
  xsrf: string;
}

function cookieValue(setCookie: string[] | string | undefined, name: string): string | undefined {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of list) {
    const [pair] = c.split(';');
    const idx = pair.indexOf('=');
    if (pair.slice(0, idx) === name) return decodeURIComponent(pair.slice(idx + 1));
  }
  return undefined;
}

/** A cookie-keeping client that has been handed its XSRF token, as a browser would be. */
export async function anonymousAgent(app: INestApplication): Promise<LoggedInAgent> {
  const agent = request.agent(app.getHttpServer());
  const res = await agent.get('/api/v1/auth/me');
  const xsrf = cookieValue(res.headers['set-cookie'], 'XSRF-TOKEN');
  if (!xsrf) throw new Error('no XSRF-TOKEN cookie was set');
  return { agent, xsrf };
}

export async function loginAs(app: INestApplication, username: string, password = 'demo'): Promise<LoggedInAgent> {
  const anon = await anonymousAgent(app);
  const res = await anon.agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', anon.xsrf).send({ username, password });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const xsrf = cookieValue(res.headers['set-cookie'], 'XSRF-TOKEN');
  if (!xsrf) throw new Error('login did not rotate the XSRF token');
  return { agent: anon.agent, xsrf };
}

export { cookieValue };

/** A session over real HTTP with plain fetch: for a listening server, many requests in flight, or streams. */
export interface FetchSession {
  /** The Cookie header the session sends now. */
  cookie: () => string;
  xsrf: () => string;
  /** JSON in, JSON out; a non-2xx answer throws with its status and body. */
  call: (method: string, path: string, body?: object) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers of every endpoint
}

export async function fetchSession(base: string, username: string, password = 'demo'): Promise<FetchSession> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const xsrf = () => decodeURIComponent(jar.get('XSRF-TOKEN') ?? '');
  const call = async (method: string, path: string, body?: object) => {
    const res = await fetch(base + path, {
      method,
      headers: { cookie: cookie(), accept: 'application/json', 'x-xsrf-token': xsrf(), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    keep(res);
    const text = await res.text();
    if (!res.ok) throw new Error(`${username}: ${method} ${path} answered ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  keep(await fetch(`${base}/api/v1/auth/me`));
  await call('POST', '/api/v1/auth/login', { username, password });
  return { cookie, xsrf, call };
}
