import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccessRegistry, mayAdministerAgenda } from '@agendy/server/authority';
import { CurrentUser } from './current-user';

/**
 * What the agenda area tells the authority (ADR 0004): who the signed-in person is (their facts,
 * loaded once per HTTP request) and whether they administer the agenda a path names. The rules
 * are the authority library's (rules/agenda.ts).
 */
@Injectable()
export class AgendasAccess implements OnModuleInit {
  constructor(
    private readonly registry: AccessRegistry,
    private readonly currentUser: CurrentUser,
  ) {}

  onModuleInit(): void {
    this.registry.useSubjects((who) => this.currentUser.facts(who));
    this.registry.registerObject('agenda', async (subject, code) => ({ administers: mayAdministerAgenda(subject, code) }));
  }
}
