import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { LdapConfig } from '@agendy/server/core';

/** TLS for ldaps:// and StartTLS: a private CA file, and never skip verification unless told to. */
export function ldapTlsOptions(config: LdapConfig): ConnectionOptions {
  return {
    ca: config.tlsCaFile ? [readFileSync(config.tlsCaFile)] : undefined,
    rejectUnauthorized: config.tlsRejectUnauthorized,
  };
}

/** The attributes Agendy reads; asking for these only keeps password hashes and photos off the wire. */
export function profileAttributes(config: LdapConfig): string[] {
  const a = config.attributes;
  return [...new Set([a.username, a.displayName, a.email, a.title, a.department, a.manager])];
}

/** Options for passport-ldapauth (ldapauth-fork) built from the validated config. */
export function ldapAuthServerOptions(config: LdapConfig) {
  return {
    url: config.url,
    bindDN: config.bindDn,
    bindCredentials: config.bindPassword,
    searchBase: config.searchBase,
    searchFilter: config.searchFilter,
    searchScope: 'sub' as const,
    searchAttributes: profileAttributes(config),
    groupSearchBase: config.groupSearchBase,
    groupSearchFilter: config.groupSearchBase ? config.groupSearchFilter : undefined,
    groupSearchAttributes: [config.attributes.groupName],
    groupSearchScope: 'sub' as const,
    starttls: config.startTls,
    tlsOptions: ldapTlsOptions(config),
    timeout: config.timeoutMs,
    connectTimeout: config.timeoutMs,
    reconnect: false,
  };
}
