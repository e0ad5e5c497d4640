import { Inject, Injectable } from '@nestjs/common';
import { createClient, SearchOptions } from 'ldapjs';
import type { Client } from 'ldapjs';
import { APP_CONFIG, AppConfig, LdapConfig } from '@agendy/server/core';
import type { LdapEntry } from './directory-profile';
import { fillFilter } from './ldap-filter';
import { ldapTlsOptions, profileAttributes } from './ldap-options';
import { assertOutsideTransaction } from '@agendy/server/db';

export class DirectoryUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`directory unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DirectoryUnavailableError';
  }
}

/**
 * Searches the directory as the service account, for what a login does not cover: the session
 * re-check of a user, reading a department head by DN, importing the org structure.
 * One short connection per operation: these are rare, and nothing stays open to go stale.
 */
@Injectable()
export class DirectoryClient {
  private readonly ldap: LdapConfig | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ldap = config.auth.ldap;
  }

  get configured(): boolean {
    return this.ldap !== null;
  }

  get orgSettings(): LdapConfig['org'] {
    return this.cfg.org;
  }

  private get cfg(): LdapConfig {
    if (!this.ldap) throw new DirectoryUnavailableError('AUTH_MODE is local');
    return this.ldap;
  }

  private async withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    assertOutsideTransaction('LDAP');
    const cfg = this.cfg;
    const client = createClient({ url: [cfg.url], timeout: cfg.timeoutMs, connectTimeout: cfg.timeoutMs, tlsOptions: ldapTlsOptions(cfg), reconnect: false });
    const failed = new Promise<never>((_, reject) => {
      client.on('error', (e: unknown) => reject(new DirectoryUnavailableError(e)));
      client.on('connectTimeout', (e: unknown) => reject(new DirectoryUnavailableError(e ?? 'connect timeout')));
    });
    failed.catch(() => undefined);
    try {
      return await Promise.race([
        (async () => {
          if (cfg.startTls) await new Promise<void>((resolve, reject) => client.starttls(ldapTlsOptions(cfg), [], (e: Error | null) => (e ? reject(new DirectoryUnavailableError(e)) : resolve())));
          if (cfg.bindDn) await new Promise<void>((resolve, reject) => client.bind(cfg.bindDn as string, cfg.bindPassword ?? '', (e: Error | null) => (e ? reject(new DirectoryUnavailableError(e)) : resolve())));
          return work(client);
        })(),
        failed,
      ]);
    } finally {
      client.unbind(() => undefined);
      client.destroy();
    }
  }

  private search(client: Client, base: string, options: SearchOptions): Promise<LdapEntry[]> {
    return new Promise((resolve, reject) => {
      client.search(base, options, (err, res) => {
        if (err) return reject(new DirectoryUnavailableError(err));
        const entries: LdapEntry[] = [];
        res.on('searchEntry', (e) => entries.push(e.object as unknown as LdapEntry));
        res.on('error', (e: Error & { name?: string }) => (e.name === 'NoSuchObjectError' ? resolve([]) : reject(new DirectoryUnavailableError(e))));
        res.on('end', () => resolve(entries));
      });
    });
  }

  private groupsOf(client: Client, entry: LdapEntry): Promise<LdapEntry[]> {
    const cfg = this.cfg;
    if (!cfg.groupSearchBase) return Promise.resolve([]);
    return this.search(client, cfg.groupSearchBase, { scope: 'sub', filter: fillFilter(cfg.groupSearchFilter, { dn: entry.dn, username: '' }), attributes: [cfg.attributes.groupName] });
  }

  /** The user as the login filter finds them (so disabled accounts are not found), with groups. */
  findUser(username: string): Promise<{ entry: LdapEntry; groups: LdapEntry[] } | null> {
    const cfg = this.cfg;
    return this.withClient(async (client) => {
      const found = await this.search(client, cfg.searchBase, { scope: 'sub', filter: fillFilter(cfg.searchFilter, { username }), attributes: profileAttributes(cfg), sizeLimit: 2 });
      if (found.length !== 1) return null;
      return { entry: found[0], groups: await this.groupsOf(client, found[0]) };
    });
  }

  /** Reads one entry by DN (base scope); null when it does not exist. */
  readEntry(dn: string, attributes: string[]): Promise<LdapEntry | null> {
    return this.withClient(async (client) => (await this.search(client, dn, { scope: 'base', filter: '(objectClass=*)', attributes }))[0] ?? null);
  }

  /** Organisational units under LDAP_ORG_SEARCH_BASE (the base itself excluded). */
  orgUnits(): Promise<LdapEntry[]> {
    const cfg = this.cfg;
    const base = cfg.org.searchBase;
    if (!base) return Promise.resolve([]);
    return this.withClient(async (client) => {
      const all = await this.search(client, base, { scope: 'sub', filter: cfg.org.searchFilter, attributes: [cfg.org.codeAttr, cfg.org.nameAttr, cfg.org.headAttr] });
      return all.filter((e) => normalizeDn(e.dn) !== normalizeDn(base));
    });
  }
}

/** Good enough for comparing DNs we got from the same directory: case and spaces after commas. */
export function normalizeDn(dn: string): string {
  return dn.toLowerCase().replace(/,\s+/g, ',').trim();
}
