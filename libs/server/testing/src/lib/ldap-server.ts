import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LDAP_GROUPS_DN, LDAP_ORG_DN, LDAP_PEOPLE_DN, LDAP_TEST_BASE_DN, LDAP_TEST_ROLE_MAP, LDAP_TEST_SEARCH_FILTER, OFFICE_PEOPLE, officeLdif } from './ldap-office';

const run = promisify(execFile);
const SLAPD = ['/usr/sbin/slapd', '/usr/local/libexec/slapd'].find((p) => existsSync(p)) ?? 'slapd';
const SCHEMA_DIR = '/etc/ldap/schema';

export interface TestDirectory {
  url: string;
  baseDn: string;
  /** The read-only service account Agendy binds as. */
  serviceDn: string;
  servicePassword: string;
  /** Per-run random password of each person (test-only, never stored anywhere). */
  passwordOf(uid: string): string;
  /** Env overrides for testConfig() that point Agendy at this directory. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Applies an LDIF change (ldapmodify) as the directory manager, e.g. to disable someone mid-test. */
  modify(ldif: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port }, () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

const secret = (): string => randomBytes(12).toString('base64url');

/**
 * Starts Debian's slapd on a free loopback port with its own slapd.conf (mdb backend in a temp
 * dir, core/cosine/inetorgperson/nis schemas) loaded with the test office. Takes well under a
 * second; call stop() in afterAll. Needs `apt-get install slapd ldap-utils` (see docs/identity.md).
 */
export async function startTestDirectory(): Promise<TestDirectory> {
  if (!existsSync(SLAPD)) throw new Error('slapd not found: apt-get install -y --no-install-recommends slapd ldap-utils (DESIGN.md section 10)');
  const dir = await mkdtemp(join(tmpdir(), 'agendy-slapd-'));
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const rootDn = `cn=manager,${LDAP_TEST_BASE_DN}`;
  const rootPassword = secret();
  const serviceDn = `cn=agendy,ou=services,${LDAP_TEST_BASE_DN}`;
  const passwords: Record<string, string> = { __service: secret() };
  for (const p of OFFICE_PEOPLE) passwords[p.uid] = secret();

  const conf = [
    ...['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include ${SCHEMA_DIR}/${s}.schema`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    // Only the service account and the people themselves read the directory; passwords are for binding only.
    'access to attrs=userPassword by anonymous auth by * none',
    `access to * by dn.exact="${serviceDn}" read by self read by * none`,
    'database mdb',
    'maxsize 33554432',
    `suffix "${LDAP_TEST_BASE_DN}"`,
    `rootdn "${rootDn}"`,
    `rootpw ${rootPassword}`,
    `directory ${dir}`,
    'index objectClass,uid,member,employeeType eq',
    '',
  ].join('\n');
  const confFile = join(dir, 'slapd.conf');
  await writeFile(confFile, conf, { mode: 0o600 });
  const ldifFile = join(dir, 'office.ldif');
  await writeFile(ldifFile, officeLdif(passwords, serviceDn), { mode: 0o600 });
  // Offline load before start: faster than ldapadd and needs no running server.
  await run('/usr/sbin/slapadd', ['-q', '-f', confFile, '-l', ldifFile]);

  const child: ChildProcess = spawn(SLAPD, ['-f', confFile, '-h', `${url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 5000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`slapd did not start on ${url}: ${stderr.trim().slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }

  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    AUTH_MODE: 'ldap',
    LDAP_URL: url,
    LDAP_BIND_DN: serviceDn,
    LDAP_BIND_PASSWORD: passwords['__service'],
    LDAP_SEARCH_BASE: LDAP_PEOPLE_DN,
    LDAP_SEARCH_FILTER: LDAP_TEST_SEARCH_FILTER,
    LDAP_GROUP_SEARCH_BASE: LDAP_GROUPS_DN,
    LDAP_GROUP_SEARCH_FILTER: '(&(objectClass=groupOfNames)(member={{dn}}))',
    LDAP_ATTR_DEPARTMENT: 'departmentNumber',
    LDAP_ROLE_MAP: LDAP_TEST_ROLE_MAP,
    LDAP_ORG_SEARCH_BASE: LDAP_ORG_DN,
    LDAP_TIMEOUT_MS: '3000',
    ...extra,
  });

  return {
    url,
    baseDn: LDAP_TEST_BASE_DN,
    serviceDn,
    servicePassword: passwords['__service'],
    passwordOf(uid: string): string {
      const p = passwords[uid];
      if (!p) throw new Error(`no such test person: ${uid}`);
      return p;
    },
    env,
    async modify(ldif: string): Promise<void> {
      await new Promise<void>((resolve, reject) => {
        const proc = execFile('ldapmodify', ['-x', '-H', url, '-D', rootDn, '-w', rootPassword], (err) => (err ? reject(err) : resolve()));
        proc.stdin?.end(ldif);
      });
    },
    async stop(): Promise<void> {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
