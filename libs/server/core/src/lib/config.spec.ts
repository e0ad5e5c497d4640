import { ConfigError, loadConfig, redactUrl } from './config';

const base = { DATABASE_URL: 'postgres://agendy:secret@db:5432/agendy' };

describe('loadConfig', () => {
  it('applies defaults for everything optional', () => {
    const c = loadConfig(base);
    expect(c.http.port).toBe(3000);
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.session.cookieSecure).toBe(true);
    expect(c.session.idleMinutes).toBe(30);
    expect(c.demoMode).toBe(false);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names a missing required variable', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL is required but not set/);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ ...base, PORT: '70000', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
      fail('expected ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT must be a whole number from 1 to 65535, got "70000"/);
      expect(problems).toMatch(/REDIS_URL must start with redis:\/\//);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
  });

  it('rejects a database URL of another scheme', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_URL must start with postgres:/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ ...base, PORT: '', DEMO_MODE: '' }).http.port).toBe(3000);
  });

  it('parses booleans', () => {
    expect(loadConfig({ ...base, DEMO_MODE: 'true', COOKIE_SECURE: '0' })).toMatchObject({ demoMode: true, session: { cookieSecure: false } });
    expect(() => loadConfig({ ...base, DEMO_MODE: 'maybe' })).toThrow(/DEMO_MODE/);
  });
});

describe('loadConfig: identity', () => {
  const ldap = { ...base, AUTH_MODE: 'ldap', LDAP_URL: 'ldap://dir.kraj.test:389', LDAP_SEARCH_BASE: 'ou=people,dc=kraj,dc=test' };

  it('defaults to local accounts without a directory', () => {
    expect(loadConfig(base).auth).toEqual({ mode: 'local', ldap: null, totpIssuer: 'Agendy' });
  });

  it('names the directory settings that AUTH_MODE=ldap needs', () => {
    expect(() => loadConfig({ ...base, AUTH_MODE: 'both' })).toThrow(/LDAP_URL is required when AUTH_MODE is both; LDAP_SEARCH_BASE is required/);
    expect(() => loadConfig({ ...base, AUTH_MODE: 'ad' })).toThrow(/^Invalid configuration: AUTH_MODE/);
  });

  it('reads the directory settings with OpenLDAP defaults', () => {
    const c = loadConfig(ldap).auth.ldap;
    expect(c).toMatchObject({ url: 'ldap://dir.kraj.test:389', searchFilter: '(uid={{username}})', groupSearchFilter: '(member={{dn}})', recheckSeconds: 300, roleMap: [] });
    expect(c?.attributes).toEqual({ username: 'uid', displayName: 'cn', email: 'mail', title: 'title', department: 'departmentNumber', manager: 'manager', groupName: 'cn' });
  });

  it('parses the group to role map, also with DNs separated by ";"', () => {
    expect(loadConfig({ ...ldap, LDAP_ROLE_MAP: 'spravci:agenda-admin, vedouci:manager' }).auth.ldap?.roleMap).toEqual([
      { group: 'spravci', role: 'agenda-admin' },
      { group: 'vedouci', role: 'manager' },
    ]);
    expect(loadConfig({ ...ldap, LDAP_ROLE_MAP: 'CN=Vedouci,OU=Groups,DC=kraj,DC=cz:manager;CN=Audit,DC=kraj,DC=cz:auditor' }).auth.ldap?.roleMap).toEqual([
      { group: 'CN=Vedouci,OU=Groups,DC=kraj,DC=cz', role: 'manager' },
      { group: 'CN=Audit,DC=kraj,DC=cz', role: 'auditor' },
    ]);
    expect(() => loadConfig({ ...ldap, LDAP_ROLE_MAP: 'spravci:boss' })).toThrow(/LDAP_ROLE_MAP must be "group:role" pairs/);
  });

  it('rejects a search filter without the username placeholder, a bad attribute and a non-LDAP URL', () => {
    expect(() => loadConfig({ ...ldap, LDAP_SEARCH_FILTER: '(uid=*)' })).toThrow(/LDAP_SEARCH_FILTER must contain \{\{username\}\}/);
    expect(() => loadConfig({ ...ldap, LDAP_ATTR_DEPARTMENT: 'ou)(x' })).toThrow(/LDAP_ATTR_DEPARTMENT must be an LDAP attribute name/);
    expect(() => loadConfig({ ...ldap, LDAP_URL: 'http://dir' })).toThrow(/LDAP_URL must start with ldap:\/\/ or ldaps:\/\//);
  });

  it('wants the bind password with a bind DN, and never prints it', () => {
    expect(() => loadConfig({ ...ldap, LDAP_BIND_DN: 'cn=agendy,dc=kraj,dc=test' })).toThrow(/LDAP_BIND_PASSWORD is required when LDAP_BIND_DN is set/);
    try {
      loadConfig({ ...ldap, LDAP_BIND_DN: 'cn=agendy', LDAP_BIND_PASSWORD: 'super-secret', LDAP_TIMEOUT_MS: '1' });
      fail('expected ConfigError');
    } catch (e) {
      expect((e as Error).message).toMatch(/LDAP_TIMEOUT_MS/);
      expect((e as Error).message).not.toMatch(/super-secret/);
    }
  });
});

describe('loadConfig: request runtime', () => {
  const base = { DATABASE_URL: 'postgres://agendy@localhost:5432/agendy' };

  it('defaults to in-app notifications only, a local attachment directory and a 1 s outbox poll', () => {
    expect(loadConfig(base).runtime).toEqual({
      publicBaseUrl: 'http://localhost:3000',
      attachmentsDir: '.data/attachments',
      attachmentMaxBytes: 20 * 1024 * 1024,
      attachmentsMinFreeBytes: 256 * 1024 * 1024,
      outboxPollMs: 1000,
      outboxRedeliverSeconds: 300,
      smtpUrl: undefined,
      mailFrom: 'Agendy <agendy@kraj-lbc.cz>',
    });
  });

  it('reads SMTP and the public URL without a trailing slash', () => {
    const c = loadConfig({ ...base, SMTP_URL: 'smtp://mail.kraj-lbc.cz:25', PUBLIC_BASE_URL: 'https://agendy.kraj-lbc.cz/', ATTACHMENT_MAX_BYTES: '4096' });
    expect(c.runtime).toMatchObject({ smtpUrl: 'smtp://mail.kraj-lbc.cz:25', publicBaseUrl: 'https://agendy.kraj-lbc.cz', attachmentMaxBytes: 4096 });
  });

  it('names a non-SMTP mail URL and a poll interval out of range', () => {
    expect(() => loadConfig({ ...base, SMTP_URL: 'http://mail', OUTBOX_POLL_MS: '5' })).toThrow(/OUTBOX_POLL_MS must be a whole number from 50.*SMTP_URL must start with smtp:\/\/ or smtps:\/\//);
  });
});

describe('loadConfig: job retries and effect redelivery', () => {
  const base = { DATABASE_URL: 'postgres://agendy@localhost:5432/agendy' };

  it('defaults to 8 tries from 1 s, then redelivery after 1 min doubling up to 1 h', () => {
    expect(loadConfig(base).jobs).toEqual({ attempts: 8, backoffMs: 1000, redeliverBackoffSeconds: 60, redeliverMaxSeconds: 3600 });
  });

  it('never lets the cap fall below the first gap', () => {
    expect(loadConfig({ ...base, JOB_ATTEMPTS: '3', OUTBOX_REDELIVER_BACKOFF_SECONDS: '120', OUTBOX_REDELIVER_MAX_SECONDS: '30' }).jobs).toEqual({
      attempts: 3,
      backoffMs: 1000,
      redeliverBackoffSeconds: 120,
      redeliverMaxSeconds: 120,
    });
    expect(() => loadConfig({ ...base, JOB_ATTEMPTS: '0' })).toThrow(/JOB_ATTEMPTS/);
  });
});

describe('redactUrl', () => {
  it('hides the password', () => {
    expect(redactUrl('postgres://agendy:secret@db:5432/agendy')).toBe('postgres://agendy:***@db:5432/agendy');
    expect(redactUrl('not a url')).toBe('(unparseable URL)');
  });
});
