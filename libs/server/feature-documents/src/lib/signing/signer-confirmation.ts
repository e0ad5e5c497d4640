import { Injectable, Optional } from '@nestjs/common';
import { DomainException } from '@agendy/server/core';
import { AuthService } from '@agendy/server/feature-identity';

/**
 * Re-authentication before an advanced signature, delegated to identity's AuthService (local
 * accounts and the directory alike, TOTP when enrolled, counted by the login throttle). Only the
 * api confirms signatures; the worker (which applies seals) has no AuthService.
 */
@Injectable()
export class SignerConfirmation {
  constructor(@Optional() private readonly auth?: AuthService) {}

  async method(userId: string): Promise<'otp' | 'password'> {
    return this.required().reauthenticationMethod(userId);
  }

  async verify(userId: string, confirm: { password?: string; otp?: string }, ip: string | null = null): Promise<boolean> {
    return this.required().reauthenticate(userId, confirm, ip);
  }

  private required(): AuthService {
    if (!this.auth) throw new DomainException('SERVICE_UNAVAILABLE', 'Signature confirmation is only available in the api process');
    return this.auth;
  }
}
