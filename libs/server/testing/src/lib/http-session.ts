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
