import { Injectable } from '@nestjs/common';
import type { MeResponse } from '@agendy/shared/contracts';
import type { SessionEntity, UserEntity } from '@agendy/server/db';
import { toMeResponse } from './auth.service';
import { DelegationService } from './delegation/delegation.service';
import { OrgService } from './org/org.service';
import { PolicyService } from './policy/policy.service';
import { TotpService } from './totp/totp.service';

/** `GET /auth/me` and the login answer: the user, session limits, substitutions, manager, second factor, administered agendas. */
@Injectable()
export class MeService {
  constructor(
    private readonly delegation: DelegationService,
    private readonly org: OrgService,
    private readonly totp: TotpService,
    private readonly policy: PolicyService,
  ) {}

  async build(user: UserEntity, session: SessionEntity, now = new Date()): Promise<MeResponse> {
    const [actingFor, deputies, manager, otpEnabled, actor] = await Promise.all([
      this.delegation.list({ deputyId: user.id, activeOnly: true }, now),
      this.delegation.list({ principalId: user.id, activeOnly: true }, now),
      this.org.managerOf(user.id),
      this.totp.isEnabled(user.id),
      this.policy.actorContext(user.id, now),
    ]);
    // The web shows the administration area to these people too (the API checks each agenda again).
    const administersAgendas = [...new Set(actor.agendaGrants.filter((g) => g.grant === 'admin').map((g) => g.agendaCode))].sort();
    return { ...toMeResponse(user, session), actingFor, deputies, manager, otpEnabled, authSource: user.authSource, administersAgendas };
  }
}
