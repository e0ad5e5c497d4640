import { z } from 'zod';
import { isRole, type Role } from '@agendy/shared/contracts';

/**
 * Every setting of the api and the worker, read from the environment once at boot.
 * A missing or malformed variable stops the process with a line naming it
 * (see `ConfigError`), instead of failing later somewhere deep inside a request.
 */
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const url = (protocols: string[]) =>
  z.string().superRefine((v, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
      return;
    }
    if (!protocols.includes(parsed.protocol)) {
      ctx.addIssue({ code: 'custom', message: `must start with ${protocols.map((p) => p + '//').join(' or ')}` });
    }
  });

/** An LDAP attribute or group name: letters, digits and '-' (RFC 4512 descriptors). */
const ldapAttr = (fallback: string) =>
  z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'must be an LDAP attribute name (letters, digits, "-")')
    .default(fallback);

/**
 * `group:role,group:role`; groups are names (cn) or DNs, compared case-insensitively.
 * DNs contain commas, so a list holding any ";" is split on ";" only.
 */
const roleMap = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const pairs: Array<{ group: string; role: Role }> = [];
    const list = v ?? '';
    for (const part of list.split(list.includes(';') ? ';' : ',')) {
      if (!part.trim()) continue;
      const idx = part.lastIndexOf(':');
      const group = part.slice(0, idx).trim();
      const role = part.slice(idx + 1).trim();
      if (idx <= 0 || !group || !isRole(role)) {
        ctx.addIssue({ code: 'custom', message: `must be "group:role" pairs separated by "," with known roles, got "${part.trim()}"` });
        return z.NEVER;
      }
      pairs.push({ group, role });
    }
    return pairs;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(3000, 1, 65535),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  // Database guards (issue 18, docs/operations.md): a stuck transaction ends with an error instead of freezing everyone.
  DB_STATEMENT_TIMEOUT_MS: int(30_000, 0, 3_600_000),
  DB_LOCK_TIMEOUT_MS: int(10_000, 0, 3_600_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(15_000, 0, 3_600_000),
  DB_TRANSACTION_GUARD: z.enum(['throw', 'log', 'off']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,40}$/, 'may hold only letters, digits, "-" and "_" (1-40 characters)')
    .default('agendy'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool(false),
  WEB_DIST_DIR: z.string().optional(),
  DEMO_MODE: bool(false),
  COOKIE_SECURE: bool(true),
  SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
  SESSION_ABSOLUTE_HOURS: int(12, 1, 24 * 7),
  TRUST_PROXY: bool(false),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 120_000),
  // Request runtime (issue 5): outbox relay, attachments, e-mail.
  PUBLIC_BASE_URL: url(['http:', 'https:']).default('http://localhost:3000'),
  ATTACHMENTS_DIR: z.string().min(1).default('.data/attachments'),
  ATTACHMENT_MAX_BYTES: int(20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  ATTACHMENTS_MIN_FREE_MB: int(256, 0, 10 * 1024 * 1024),
  OUTBOX_POLL_MS: int(1000, 50, 60_000),
  OUTBOX_REDELIVER_SECONDS: int(300, 1, 7 * 24 * 3600),
  // Effects are never lost (issue 18, docs/runtime.md): BullMQ's tries per job, then the outbox's redelivery backoff.
  JOB_ATTEMPTS: int(8, 1, 100),
  JOB_BACKOFF_MS: int(1000, 10, 3_600_000),
  OUTBOX_REDELIVER_BACKOFF_SECONDS: int(60, 1, 24 * 3600),
  OUTBOX_REDELIVER_MAX_SECONDS: int(3600, 1, 7 * 24 * 3600),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Agendy <agendy@kraj-lbc.cz>'),
  // Identity (issue 4): how people log in, the directory, the second factor.
  AUTH_MODE: z.enum(['local', 'ldap', 'both']).default('local'),
  LDAP_URL: url(['ldap:', 'ldaps:']).optional(),
  LDAP_BIND_DN: z.string().optional(),
  LDAP_BIND_PASSWORD: z.string().optional(),
  LDAP_SEARCH_BASE: z.string().optional(),
  LDAP_SEARCH_FILTER: z.string().includes('{{username}}', { message: 'must contain {{username}}' }).default('(uid={{username}})'),
  LDAP_GROUP_SEARCH_BASE: z.string().optional(),
  LDAP_GROUP_SEARCH_FILTER: z.string().default('(member={{dn}})'),
  LDAP_STARTTLS: bool(false),
  LDAP_TLS_CA_FILE: z.string().optional(),
  LDAP_TLS_REJECT_UNAUTHORIZED: bool(true),
  LDAP_TIMEOUT_MS: int(5000, 100, 60_000),
  LDAP_ATTR_USERNAME: ldapAttr('uid'),
  LDAP_ATTR_DISPLAY_NAME: ldapAttr('cn'),
  LDAP_ATTR_EMAIL: ldapAttr('mail'),
  LDAP_ATTR_TITLE: ldapAttr('title'),
  LDAP_ATTR_DEPARTMENT: ldapAttr('departmentNumber'),
  LDAP_ATTR_MANAGER: ldapAttr('manager'),
  LDAP_ATTR_GROUP_NAME: ldapAttr('cn'),
  LDAP_ROLE_MAP: roleMap,
  LDAP_RECHECK_SECONDS: int(300, 0, 24 * 3600),
  LDAP_ORG_SEARCH_BASE: z.string().optional(),
  LDAP_ORG_SEARCH_FILTER: z.string().default('(objectClass=organizationalUnit)'),
  LDAP_ORG_ATTR_CODE: ldapAttr('ou'),
  LDAP_ORG_ATTR_NAME: ldapAttr('description'),
  LDAP_ORG_ATTR_HEAD: ldapAttr('seeAlso'),
  TOTP_ISSUER: z.string().min(1).max(60).default('Agendy'),
  // Operations (issue 12): who may scrape /api/metrics besides a logged-in system administrator.
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters (a random secret)').optional(),
  // Truthful health (issue 18, docs/operations.md "Health"): when /api/health turns "degraded".
  HEALTH_CHECK_TIMEOUT_MS: int(2000, 50, 60_000),
  HEALTH_POOL_WAIT_MS: int(5000, 50, 3_600_000),
  HEALTH_IDLE_IN_TRANSACTION_MS: int(5000, 50, 3_600_000),
  HEALTH_LOCK_WAIT_MS: int(5000, 50, 3_600_000),
  // Documents and signing (issue 7; see docs/signing.md). The seal and the TSA also seal the audit head.
  SIGNING_KEK: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  TSA_URL: url(['http:', 'https:']).optional(),
  SIGNING_OFFICE_NAME: z.string().min(1).default('Krajský úřad Libereckého kraje'),
  SIGNING_PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
  SIGNING_CA_CERT_FILE: z.string().optional(),
  SIGNING_CA_KEY_FILE: z.string().optional(),
  SEAL_PKCS11_MODULE: z.string().optional(),
  SEAL_PKCS11_KEY_URI: z.string().startsWith('pkcs11:', 'must be a pkcs11: URI').optional(),
  SEAL_PKCS11_PIN: z.string().optional(),
  SEAL_CERT_FILE: z.string().optional(),
  SEAL_P12_FILE: z.string().optional(),
  SEAL_P12_PASSWORD: z.string().optional(),
  SIGNING_TRUST_ANCHORS_FILE: z.string().optional(),
  SIGNING_MAX_UPLOAD_BYTES: int(20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  // Registers and open data (issue 11; see docs/registers.md).
  REGISTERS_OPEN_DATA_DIR: z.string().min(1).default('.data/open-data'),
  REGISTERS_OFFICE_NAME: z.string().min(1).default('Krajský úřad Libereckého kraje'),
  REGISTERS_OFFICE_ICO: z.string().regex(/^\d{8}$/, 'must be 8 digits').default('70891508'),
  REGISTERS_OFFICE_DATABOX: z.string().default(''),
}).superRefine((e, ctx) => {
  if (e.AUTH_MODE === 'local') return;
  for (const name of ['LDAP_URL', 'LDAP_SEARCH_BASE'] as const) {
    if (!e[name]) ctx.addIssue({ code: 'custom', path: [name], message: `is required when AUTH_MODE is ${e.AUTH_MODE}` });
  }
  if (e.LDAP_BIND_DN && !e.LDAP_BIND_PASSWORD) ctx.addIssue({ code: 'custom', path: ['LDAP_BIND_PASSWORD'], message: 'is required when LDAP_BIND_DN is set' });
  if (e.SEAL_PKCS11_MODULE) {
    for (const name of ['SEAL_PKCS11_KEY_URI', 'SEAL_CERT_FILE'] as const) {
      if (!e[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required with SEAL_PKCS11_MODULE' });
    }
  }
});


export type AuthMode = 'local' | 'ldap' | 'both';

/** Everything the directory login needs; null when AUTH_MODE is local. */
export type LdapConfig = Readonly<{
  url: string;
  bindDn: string | undefined;
  bindPassword: string | undefined;
  searchBase: string;
  searchFilter: string;
  groupSearchBase: string | undefined;
  groupSearchFilter: string;
  startTls: boolean;
  tlsCaFile: string | undefined;
  tlsRejectUnauthorized: boolean;
  timeoutMs: number;
  attributes: { username: string; displayName: string; email: string; title: string; department: string; manager: string; groupName: string };
  roleMap: ReadonlyArray<{ group: string; role: Role }>;
  recheckSeconds: number;
  org: { searchBase: string | undefined; searchFilter: string; codeAttr: string; nameAttr: string; headAttr: string };
}>;

export type AppConfig = Readonly<{
  nodeEnv: 'development' | 'production' | 'test';
  http: { host: string; port: number; trustProxy: boolean };
  database: {
    url: string;
    poolSize: number;
    /** Per-connection server settings; 0 disables one. */
    guards: { statementTimeoutMs: number; lockTimeoutMs: number; idleInTransactionTimeoutMs: number };
    /** What a transaction-discipline violation does (libs/server/db transaction-discipline.ts). */
    transactionGuard: 'throw' | 'log' | 'off';
  };
  redis: { url: string; queuePrefix: string };
  log: { level: string; pretty: boolean };
  webDistDir: string | undefined;
  demoMode: boolean;
  session: { cookieSecure: boolean; idleMinutes: number; absoluteHours: number };
  shutdownTimeoutMs: number;
  /**
   * Retries of every BullMQ job (exponential from backoffMs), and the outbox's redelivery of an
   * effect whose job ran out of them: after redeliverBackoffSeconds, doubling, at most
   * redeliverMaxSeconds apart, never giving up.
   */
  jobs: { attempts: number; backoffMs: number; redeliverBackoffSeconds: number; redeliverMaxSeconds: number };
  runtime: {
    /** Where links in e-mails point: the web app's origin. */
    publicBaseUrl: string;
    attachmentsDir: string;
    attachmentMaxBytes: number;
    /** Uploads are refused (503) while the attachment store has less free space than this. */
    attachmentsMinFreeBytes: number;
    /** How often the worker moves outbox rows to BullMQ. */
    outboxPollMs: number;
    /** Relayed effects not processed after this long are relayed again (same job id, so never twice). */
    outboxRedeliverSeconds: number;
    /** No SMTP_URL: notifications stay in-app only. */
    smtpUrl: string | undefined;
    mailFrom: string;
  };
  auth: { mode: AuthMode; ldap: LdapConfig | null; totpIssuer: string };
  /** Prometheus sends it as `Authorization: Bearer …`; unset: only system administrators' sessions. */
  ops: {
    metricsToken: string | undefined;
    /**
     * /api/health and the database metrics: every probe gives up after checkTimeoutMs; the pool
     * counts as exhausted once callers wait (or no connection is free) continuously for poolWaitMs;
     * a transaction is stuck once idle in transaction for idleInTransactionMs or waiting on a lock
     * for lockWaitMs. Below the database guards (DB_*_TIMEOUT_MS), so the alarm comes first.
     */
    health: { checkTimeoutMs: number; poolWaitMs: number; idleInTransactionMs: number; lockWaitMs: number };
    /** The daily audit-head seal: PKCS#12 of the office seal (demo mode without one: an ephemeral demo key), optional TSA. */
    seal: { p12File: string | undefined; p12Password: string; tsaUrl: string | undefined; officeName: string };
  };
  /** Documents and signing (docs/signing.md). Without SIGNING_KEK (demo/tests) the documents area derives a demo key. */
  signing: {
    kekBase64: string | undefined;
    tsaUrl: string | undefined;
    officeName: string;
    /** Base URL relying parties use (the CRL distribution point in certificates). */
    publicBaseUrl: string;
    caCertFile: string | undefined;
    caKeyFile: string | undefined;
    sealPkcs11: { modulePath: string; keyUri: string; pin: string; certFile: string } | undefined;
    sealP12: { file: string; password: string } | undefined;
    trustAnchorsFile: string | undefined;
    maxUploadBytes: number;
  };
  /** Registers and open data (docs/registers.md). */
  registers: {
    /** Relative paths are resolved against the working directory. */
    openDataDir: string;
    office: { name: string; ico: string; dataBox: string };
  };
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings mean "not set": docker compose and shells produce them for unset variables.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const message = issue.code === 'invalid_type' && cleaned[name] === undefined ? 'is required but not set' : issue.message;
      return `${name} ${message}`;
    });
    throw new ConfigError(problems);
  }
  const e = result.data;
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, trustProxy: e.TRUST_PROXY },
    database: {
      url: e.DATABASE_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      guards: { statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS, lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS, idleInTransactionTimeoutMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS },
      transactionGuard: e.DB_TRANSACTION_GUARD ?? (e.NODE_ENV === 'production' ? 'log' : 'throw'),
    },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
    webDistDir: e.WEB_DIST_DIR,
    demoMode: e.DEMO_MODE,
    session: { cookieSecure: e.COOKIE_SECURE, idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    jobs: {
      attempts: e.JOB_ATTEMPTS,
      backoffMs: e.JOB_BACKOFF_MS,
      redeliverBackoffSeconds: e.OUTBOX_REDELIVER_BACKOFF_SECONDS,
      redeliverMaxSeconds: Math.max(e.OUTBOX_REDELIVER_BACKOFF_SECONDS, e.OUTBOX_REDELIVER_MAX_SECONDS),
    },
    runtime: {
      publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
      attachmentsDir: e.ATTACHMENTS_DIR,
      attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
      attachmentsMinFreeBytes: e.ATTACHMENTS_MIN_FREE_MB * 1024 * 1024,
      outboxPollMs: e.OUTBOX_POLL_MS,
      outboxRedeliverSeconds: e.OUTBOX_REDELIVER_SECONDS,
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
    },
    ops: {
      metricsToken: e.METRICS_TOKEN,
      health: {
        checkTimeoutMs: e.HEALTH_CHECK_TIMEOUT_MS,
        poolWaitMs: e.HEALTH_POOL_WAIT_MS,
        idleInTransactionMs: e.HEALTH_IDLE_IN_TRANSACTION_MS,
        lockWaitMs: e.HEALTH_LOCK_WAIT_MS,
      },
      seal: { p12File: e.SEAL_P12_FILE, p12Password: e.SEAL_P12_PASSWORD ?? '', tsaUrl: e.TSA_URL, officeName: e.SIGNING_OFFICE_NAME },
    },
    signing: {
      kekBase64: e.SIGNING_KEK,
      tsaUrl: e.TSA_URL,
      officeName: e.SIGNING_OFFICE_NAME,
      publicBaseUrl: (e.SIGNING_PUBLIC_BASE_URL ?? e.PUBLIC_BASE_URL).replace(/\/+$/, ''),
      caCertFile: e.SIGNING_CA_CERT_FILE,
      caKeyFile: e.SIGNING_CA_KEY_FILE,
      sealPkcs11: e.SEAL_PKCS11_MODULE
        ? { modulePath: e.SEAL_PKCS11_MODULE, keyUri: e.SEAL_PKCS11_KEY_URI ?? '', pin: e.SEAL_PKCS11_PIN ?? '', certFile: e.SEAL_CERT_FILE ?? '' }
        : undefined,
      sealP12: e.SEAL_P12_FILE ? { file: e.SEAL_P12_FILE, password: e.SEAL_P12_PASSWORD ?? '' } : undefined,
      trustAnchorsFile: e.SIGNING_TRUST_ANCHORS_FILE,
      maxUploadBytes: e.SIGNING_MAX_UPLOAD_BYTES,
    },
    registers: {
      openDataDir: e.REGISTERS_OPEN_DATA_DIR,
      office: { name: e.REGISTERS_OFFICE_NAME, ico: e.REGISTERS_OFFICE_ICO, dataBox: e.REGISTERS_OFFICE_DATABOX },
    },
    auth: {
      mode: e.AUTH_MODE,
      totpIssuer: e.TOTP_ISSUER,
      ldap:
        e.AUTH_MODE === 'local' || !e.LDAP_URL || !e.LDAP_SEARCH_BASE
          ? null
          : {
              url: e.LDAP_URL,
              bindDn: e.LDAP_BIND_DN,
              bindPassword: e.LDAP_BIND_PASSWORD,
              searchBase: e.LDAP_SEARCH_BASE,
              searchFilter: e.LDAP_SEARCH_FILTER,
              groupSearchBase: e.LDAP_GROUP_SEARCH_BASE,
              groupSearchFilter: e.LDAP_GROUP_SEARCH_FILTER,
              startTls: e.LDAP_STARTTLS,
              tlsCaFile: e.LDAP_TLS_CA_FILE,
              tlsRejectUnauthorized: e.LDAP_TLS_REJECT_UNAUTHORIZED,
              timeoutMs: e.LDAP_TIMEOUT_MS,
              attributes: {
                username: e.LDAP_ATTR_USERNAME,
                displayName: e.LDAP_ATTR_DISPLAY_NAME,
                email: e.LDAP_ATTR_EMAIL,
                title: e.LDAP_ATTR_TITLE,
                department: e.LDAP_ATTR_DEPARTMENT,
                manager: e.LDAP_ATTR_MANAGER,
                groupName: e.LDAP_ATTR_GROUP_NAME,
              },
              roleMap: e.LDAP_ROLE_MAP,
              recheckSeconds: e.LDAP_RECHECK_SECONDS,
              org: { searchBase: e.LDAP_ORG_SEARCH_BASE, searchFilter: e.LDAP_ORG_SEARCH_FILTER, codeAttr: e.LDAP_ORG_ATTR_CODE, nameAttr: e.LDAP_ORG_ATTR_NAME, headAttr: e.LDAP_ORG_ATTR_HEAD },
            },
    },
  });
}

/** Describes a connection URL for logs without its password. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
