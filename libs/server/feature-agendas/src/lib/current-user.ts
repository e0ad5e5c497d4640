import { Injectable } from '@nestjs/common';
import { DomainException } from '@agendy/server/core';
import type { AuthContext } from '@agendy/server/feature-identity';
import { UserFacts, UserFactsLoader } from './user-facts';

/**
 * The signed-in user's facts for one HTTP request (the session guard proved the session). Loaded
 * once per request: the access guard asks first (AccessRegistry.useSubjects), the handler gets the
 * same object — the session guard builds a new `auth` for every request, so nothing is kept across
 * requests.
 */
@Injectable()
export class CurrentUser {
  private readonly perRequest = new WeakMap<object, Promise<UserFacts>>();

  constructor(private readonly loader: UserFactsLoader) {}

  facts(auth: { user: Pick<AuthContext['user'], 'id'> }): Promise<UserFacts> {
    let facts = this.perRequest.get(auth);
    if (!facts) {
      facts = this.load(auth.user.id);
      this.perRequest.set(auth, facts);
      facts.catch(() => this.perRequest.delete(auth));
    }
    return facts;
  }

  private async load(userId: string): Promise<UserFacts> {
    const facts = await this.loader.load(userId);
    if (!facts) throw new DomainException('UNAUTHENTICATED');
    return facts;
  }
}

/** Path parameters that cannot name anything answer 404, like a missing object would. */
export function agendaCodeParam(code: string): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,79}$/.test(code)) throw new DomainException('NOT_FOUND');
  return code;
}

export function positiveIntParam(value: string): number {
  const n = Number(value);
  if (!/^[0-9]{1,9}$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new DomainException('NOT_FOUND');
  return n;
}
