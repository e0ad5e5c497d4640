import { Injectable } from '@nestjs/common';
import { DomainException } from '@agendy/server/core';
import type { AuthContext } from '@agendy/server/feature-identity';
import { UserFacts, UserFactsLoader } from './user-facts';

/** The signed-in user's facts for one HTTP request (the session guard proved the session). */
@Injectable()
export class CurrentUser {
  constructor(private readonly loader: UserFactsLoader) {}

  async facts(auth: AuthContext): Promise<UserFacts> {
    const facts = await this.loader.load(auth.user.id);
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
