#!/usr/bin/env node
// Exercise a running demo system so resident memory can be read after real use, not only at boot:
//   node tools/dev/exercise-demo.mjs [base-url] [count]
// jnovak files and submits <count> leave requests (one day each, spread over 2031 so no two overlap),
// jdvorakova approves them from her inbox; both read lists, tasks and notifications on the way.
// Prints what it did and the RSS of the api and worker processes found by `ps`.
import { execSync } from 'node:child_process';

const base = process.argv[2] ?? 'http://localhost:3000';
const count = Number(process.argv[3] ?? 40);

async function session(username) {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { cookie: cookie(), accept: 'application/json', 'x-xsrf-token': decodeURIComponent(jar.get('XSRF-TOKEN') ?? ''), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    keep(res);
    const text = await res.text();
    if (!res.ok) throw new Error(`${username} ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  keep(await fetch(`${base}/api/v1/auth/me`));
  await call('POST', '/api/v1/auth/login', { username, password: 'demo' });
  return call;
}

const employee = await session('jnovak');
const head = await session('jdvorakova');
const businessDays = [];
for (let d = new Date(Date.UTC(2031, 0, 5)); businessDays.length < count; d.setUTCDate(d.getUTCDate() + 7)) businessDays.push(d.toISOString().slice(0, 10));
let approved = 0;
for (const day of businessDays) {
  const draft = await employee('POST', '/api/v1/requests', { agenda: 'leave-request', data: { type: 'home-office', dateFrom: day, dateTo: day, homeOfficeAddress: 'Liberec, Masarykova 1', homeOfficeTasks: 'exercise-demo: podklady pro radu kraje' } });
  const submitted = await employee('POST', `/api/v1/requests/${draft.id}/transitions`, { transition: 'submit', expectedVersion: draft.version });
  await employee('GET', '/api/v1/requests?limit=20');
  await employee('GET', '/api/v1/notifications/unread-count');
  await head('GET', '/api/v1/tasks');
  await head('POST', `/api/v1/requests/${draft.id}/transitions`, { transition: 'approve', expectedVersion: submitted.version });
  approved++;
}
console.log(`filed, submitted and approved ${approved} leave requests through ${base}`);
for (const line of execSync('ps -eo rss,args').toString().split('\n')) {
  const m = /dist\/apps\/(api|worker)\/main\.js/.exec(line);
  if (m) console.log(`${m[1]}: ${Math.round(Number(line.trim().split(/\s+/)[0]) / 1024)} MB RSS`);
}
