import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobProducer } from '@agendy/server/queue';
import { LoginThrottle } from '@agendy/server/feature-identity';
import { anonymousAgent, loginAs, personDn, seedDemoOffice, startTestDirectory, TestDirectory, testConfig, truncateAll } from '@agendy/server/testing';
import { createApiApp } from '../app/create-app';

async function clearThrottle(app: INestApplication): Promise<void> {
  const redis = app.get(JobProducer).redis;
  const keys = await redis.keys(app.get(LoginThrottle).keyPattern());
  if (keys.length) await redis.del(...keys);
}

async function attempt(app: INestApplication, username: string, password: string) {
  const { agent, xsrf } = await anonymousAgent(app);
  const started = Date.now();
  const res = await agent.post('/api/v1/auth/login').set('X-XSRF-TOKEN', xsrf).send({ username, password });
  return { ms: Date.now() - started, status: res.status, code: res.body.code, title: res.body.title, detail: res.body.detail, type: res.headers['content-type'], cookie: String(res.headers['set-cookie'] ?? '') };
}

describe('directory login through a real OpenLDAP (slapd)', () => {
  let dir: TestDirectory;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    dir = await startTestDirectory();
    app = await createApiApp(testConfig(dir.env()));
    await app.init();
    db = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await dir?.stop();
  });
  beforeEach(async () => {
    await truncateAll(db);
    await clearThrottle(app);
  });

  it.each([
    ['jnovak', ['employee'], 'OINF', 'Jan Novák', 'jdvorakova'],
    ['jdvorakova', ['employee', 'manager'], 'OINF', 'Jana Dvořáková', 'pstastny'],
    ['pstastny', ['director', 'employee', 'manager'], 'KR', 'Petr Šťastný', null],
    ['lcerna', ['agenda-admin', 'employee'], 'OINF', 'Lucie Černá', 'jdvorakova'],
    ['emarkova', ['agenda-officer', 'employee'], 'OE', 'Eliška Marková', 'ppokorna'],
    ['kbenesova', ['auditor', 'employee'], 'KR', 'Kateřina Benešová', 'pstastny'],
    ['ohajek', ['employee', 'system-admin'], 'OINF', 'Ondřej Hájek', 'jdvorakova'],
  ])('logs in %s with roles %j, department, diacritics and manager', async (uid, roles, department, displayName, manager) => {
    // The manager must be known to Agendy to be named: they log in first (or come with the org import).
    if (manager) await loginAs(app, manager, dir.passwordOf(manager));
    const { agent } = await loginAs(app, uid, dir.passwordOf(uid));
    const me = (await agent.get('/api/v1/auth/me').expect(200)).body;
    expect(me.user).toMatchObject({ username: uid, displayName, email: `${uid}@agendy.test`, roles, department: { code: department } });
    expect(me.authSource).toBe('ldap');
    expect(me.manager?.username ?? null).toBe(manager);
    expect(me).toMatchObject({ actingFor: [], deputies: [], otpEnabled: false });
  });

  it('keeps the profile in sync with the directory at every login', async () => {
    await loginAs(app, 'triha', dir.passwordOf('triha'));
    await dir.modify(`dn: ${personDn('triha')}\nchangetype: modify\nreplace: title\ntitle:: ${Buffer.from('vedoucí oddělení silničního hospodářství').toString('base64')}\n-\nreplace: departmentNumber\ndepartmentNumber: OE\n`);
    await dir.modify(`dn: cn=vedouci,ou=groups,dc=agendy,dc=test\nchangetype: modify\nadd: member\nmember: ${personDn('triha')}\n`);
    const { agent } = await loginAs(app, 'triha', dir.passwordOf('triha'));
    const me = (await agent.get('/api/v1/auth/me').expect(200)).body;
    expect(me.user).toMatchObject({ title: 'vedoucí oddělení silničního hospodářství', department: { code: 'OE' }, roles: ['employee', 'manager'] });
    await dir.modify(`dn: cn=vedouci,ou=groups,dc=agendy,dc=test\nchangetype: modify\ndelete: member\nmember: ${personDn('triha')}\n`);
    await dir.modify(`dn: ${personDn('triha')}\nchangetype: modify\nreplace: title\ntitle: referent\n-\nreplace: departmentNumber\ndepartmentNumber: OD\n`);
  });

  it('answers wrong password, unknown user, disabled account and injection attempts identically, with similar timing', async () => {
    const someone = dir.passwordOf('jnovak');
    const cases: Array<[string, string]> = [
      ['jnovak', 'wrong-password'],
      ['nikdo', 'whatever'],
      ['rdolezal', dir.passwordOf('rdolezal')], // right password, but disabled in the directory
      ['*', someone],
      [')(uid=*', someone],
      ['jnovak)(|(uid=*', someone],
      ['jnovak*', someone],
      ['j*', someone],
      ['\\', someone],
      ['jnovak\\', someone],
      ['jnovak\u0000', someone],
      ['*)(objectClass=*))(&(uid=jnovak', someone],
    ];
    const answers = [];
    for (const [username, password] of cases) {
      await clearThrottle(app);
      answers.push({ username, ...(await attempt(app, username, password)) });
    }
    for (const a of answers) {
      expect({ username: a.username, status: a.status, code: a.code, title: a.title, detail: a.detail, type: a.type }).toEqual({
        username: a.username,
        status: 401,
        code: 'INVALID_CREDENTIALS',
        title: 'Invalid username or password',
        detail: answers[0].detail,
        type: 'application/problem+json; charset=utf-8',
      });
      expect(a.cookie).not.toMatch(/agendy-session=/);
    }
    const times = answers.map((a) => a.ms);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(240);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(150);
    expect(await db.query(`SELECT count(*)::int AS n FROM users`)).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM sessions`)).toEqual([{ n: 0 }]);
  });

  it('throttles per account after repeated failures', async () => {
    for (let i = 0; i < 8; i++) expect((await attempt(app, 'jnovak', 'x' + i)).status).toBe(401);
    const blocked = await attempt(app, 'jnovak', dir.passwordOf('jnovak'));
    expect(blocked).toMatchObject({ status: 429, code: 'LOGIN_THROTTLED' });
  });

  it('ends the sessions of a person disabled in the directory at their next request after the re-check interval', async () => {
    const { agent } = await loginAs(app, 'triha', dir.passwordOf('triha'));
    await agent.get('/api/v1/auth/me').expect(200);
    await dir.modify(`dn: ${personDn('triha')}\nchangetype: modify\nadd: employeeType\nemployeeType: disabled\n`);
    try {
      // Within LDAP_RECHECK_SECONDS the cached verdict stands…
      await agent.get('/api/v1/auth/me').expect(200);
      // …after it, the next request asks the directory.
      await db.query(`UPDATE user_directory SET checked_at = now() - interval '1 hour'`);
      const res = await agent.get('/api/v1/auth/me');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(await db.query(`SELECT active FROM users WHERE username = 'triha'`)).toEqual([{ active: false }]);
      expect(await db.query(`SELECT count(*)::int AS n FROM sessions`)).toEqual([{ n: 0 }]);
      expect((await attempt(app, 'triha', dir.passwordOf('triha'))).status).toBe(401);
    } finally {
      await dir.modify(`dn: ${personDn('triha')}\nchangetype: modify\ndelete: employeeType\n`);
    }
    // Re-enabled in the directory: logs in again.
    await loginAs(app, 'triha', dir.passwordOf('triha'));
  });

  it('ends the sessions of a person removed from the directory, and takes away roles removed from their groups', async () => {
    // vsvoboda is used by no other test: removing him for good is fine.
    const removed = await loginAs(app, 'vsvoboda', dir.passwordOf('vsvoboda'));
    const admin = await loginAs(app, 'ohajek', dir.passwordOf('ohajek'));
    await admin.agent.get('/api/v1/admin/departments').expect(200);
    await dir.modify(`dn: ${personDn('vsvoboda')}\nchangetype: delete\n`);
    const group = `dn: cn=spravci-systemu,ou=groups,dc=agendy,dc=test\nchangetype: modify\n`;
    await dir.modify(`${group}add: member\nmember: ${personDn('lcerna')}\n-\ndelete: member\nmember: ${personDn('ohajek')}\n`);
    try {
      await db.query(`UPDATE user_directory SET checked_at = now() - interval '1 hour'`);
      expect((await removed.agent.get('/api/v1/auth/me')).status).toBe(401);
      const denied = await admin.agent.get('/api/v1/admin/departments');
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('FORBIDDEN');
      expect((await admin.agent.get('/api/v1/auth/me').expect(200)).body.user.roles).toEqual(['employee']);
    } finally {
      await dir.modify(`${group}add: member\nmember: ${personDn('ohajek')}\n-\ndelete: member\nmember: ${personDn('lcerna')}\n`);
    }
  });

  it('imports departments, sections and their heads from the directory', async () => {
    const admin = await loginAs(app, 'ohajek', dir.passwordOf('ohajek'));
    const res = await admin.agent.post('/api/v1/admin/departments/import').set('X-XSRF-TOKEN', admin.xsrf).expect(200);
    // Syncing the heads already created the departments they belong to; the import completes them.
    expect(res.body.created + res.body.updated).toBe(5);
    expect(res.body.unresolvedHeads).toEqual([]);
    const list = (await admin.agent.get('/api/v1/admin/departments').expect(200)).body as Array<{ code: string; name: string; kind: string; parentId: string | null; head: { username: string } | null; id: string }>;
    const byCode = Object.fromEntries(list.map((d) => [d.code, d]));
    expect(byCode['OINF']).toMatchObject({ name: 'Odbor informatiky', kind: 'department', head: { username: 'jdvorakova' } });
    expect(byCode['OINF-PROV']).toMatchObject({ name: 'Oddělení provozu informačních systémů', kind: 'section', parentId: byCode['OINF'].id, head: { username: 'pcerny' } });
    expect(byCode['OD'].head?.username).toBe('zkucerova');
    // Idempotent: a second import updates, creates nothing.
    const again = await admin.agent.post('/api/v1/admin/departments/import').set('X-XSRF-TOKEN', admin.xsrf).expect(200);
    expect(again.body.created).toBe(0);
    // The head is now the manager of people without a `manager` attribute.
    const marie = await loginAs(app, 'mhorakova', dir.passwordOf('mhorakova'));
    expect((await marie.agent.get('/api/v1/auth/me').expect(200)).body.manager.username).toBe('pcerny');
  });

  it('refuses a second factor for ordinary directory users', async () => {
    const { agent, xsrf } = await loginAs(app, 'jnovak', dir.passwordOf('jnovak'));
    const res = await agent.post('/api/v1/me/otp/enrolment').set('X-XSRF-TOKEN', xsrf);
    expect(res.status).toBe(403);
  });
});

describe('AUTH_MODE=both: directory plus local break-glass accounts', () => {
  let dir: TestDirectory;
  let app: INestApplication;

  beforeAll(async () => {
    dir = await startTestDirectory();
    app = await createApiApp(testConfig(dir.env({ AUTH_MODE: 'both' })));
    await app.init();
    const db = app.get(DataSource);
    await truncateAll(db);
    await seedDemoOffice(db);
    await clearThrottle(app);
  });
  afterAll(async () => {
    await app?.close();
    await dir?.stop();
  });

  it('logs in a local account without asking the directory, and a directory account through it', async () => {
    const local = await loginAs(app, 'lcerna', 'demo');
    expect((await local.agent.get('/api/v1/auth/me').expect(200)).body.authSource).toBe('local');
    // The local account is not taken over by the directory entry of the same name.
    expect((await attempt(app, 'lcerna', dir.passwordOf('lcerna'))).status).toBe(401);
    const ldap = await loginAs(app, 'emarkova', dir.passwordOf('emarkova'));
    expect((await ldap.agent.get('/api/v1/auth/me').expect(200)).body.authSource).toBe('ldap');
  });
});

describe('when the directory does not answer', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createApiApp(testConfig({ AUTH_MODE: 'both', LDAP_URL: 'ldap://127.0.0.1:1', LDAP_SEARCH_BASE: 'dc=agendy,dc=test', LDAP_TIMEOUT_MS: '500' }));
    await app.init();
    const db = app.get(DataSource);
    await truncateAll(db);
    await seedDemoOffice(db);
  });
  afterAll(() => app.close());

  it('answers 503 for directory logins and still lets local break-glass accounts in', async () => {
    const res = await attempt(app, 'jnovak-ldap', 'x');
    expect(res).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    await loginAs(app, 'ohajek', 'demo');
  });
});
