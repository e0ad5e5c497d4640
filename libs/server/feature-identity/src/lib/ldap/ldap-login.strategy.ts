import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Authenticator } from 'passport';
import LdapStrategy from 'passport-ldapauth';
import { APP_CONFIG, AppConfig, DomainException } from '@agendy/server/core';
import type { LdapEntry } from './directory-profile';
import { ldapAuthServerOptions } from './ldap-options';

const STRATEGY = 'agendy-ldap';
type PassportInstance = InstanceType<typeof Authenticator>;

/** The directory's answer to a login: the user entry with its groups, or a failure. */
export type LdapLoginResult = { kind: 'ok'; entry: LdapEntry; groups: LdapEntry[] } | { kind: 'invalid' };

/**
 * passport-ldapauth (service bind, user search, bind as the user, group search) wrapped for
 * our login service. Each instance has its own passport Authenticator: several apps (tests,
 * api replicas in one process) never share or overwrite each other's strategy.
 */
@Injectable()
export class LdapLoginStrategy extends PassportStrategy(LdapStrategy, STRATEGY) {
  // Keyed by instance: the mixin's constructor asks for it before our own fields exist.
  private static authenticatorFor = new WeakMap<object, PassportInstance>();
  readonly enabled: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const ldap = config.auth.ldap;
    // With AUTH_MODE=local there is no directory; the strategy exists but is never asked.
    super({ server: ldap ? ldapAuthServerOptions(ldap) : { url: 'ldap://127.0.0.1:1', searchBase: '', searchFilter: '(uid={{username}})' }, handleErrorsAsFailures: false });
    this.enabled = ldap !== null;
  }

  getPassportInstance(): PassportInstance {
    const existing = LdapLoginStrategy.authenticatorFor.get(this);
    if (existing) return existing;
    const created: PassportInstance = new Authenticator();
    LdapLoginStrategy.authenticatorFor.set(this, created);
    return created;
  }

  validate(user: LdapEntry): LdapEntry {
    return user;
  }

  /** Resolves `invalid` for every kind of wrong credentials; throws SERVICE_UNAVAILABLE when the directory fails. */
  login(username: string, password: string): Promise<LdapLoginResult> {
    if (!this.enabled) return Promise.resolve({ kind: 'invalid' });
    const req = { body: { username, password }, query: {} };
    return new Promise<LdapLoginResult>((resolve, reject) => {
      const middleware = this.getPassportInstance().authenticate(STRATEGY, { session: false }, (err: unknown, user: LdapEntry | false) => {
        if (err) {
          reject(new DomainException('SERVICE_UNAVAILABLE', 'The directory (LDAP) is not available'));
          return;
        }
        if (!user) {
          resolve({ kind: 'invalid' });
          return;
        }
        const groups = Array.isArray(user['_groups']) ? (user['_groups'] as LdapEntry[]) : [];
        resolve({ kind: 'ok', entry: user, groups });
      });
      middleware(req, {}, (e?: unknown) => (e ? reject(e) : resolve({ kind: 'invalid' })));
    });
  }
}
