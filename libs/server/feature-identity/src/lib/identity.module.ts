import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard, AuthorityModule } from '@agendy/server/authority';
import { SessionEntity, UserEntity } from '@agendy/server/db';
import { AgendaGrantsController } from './admin/agenda-grants.controller';
import { AgendaGrantsService } from './admin/agenda-grants.service';
import { RoleMappingsController } from './admin/role-mappings.controller';
import { SecondFactorsController } from './admin/second-factors.controller';
import { IdentityAuditHub } from './audit/identity-audit';
import { IdentityAccess } from './identity-access';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AdminSubstitutionsController } from './delegation/admin-substitutions.controller';
import { DelegationService } from './delegation/delegation.service';
import { MyDeputiesController } from './delegation/my-deputies.controller';
import { PeopleDeputiesController } from './delegation/people-deputies.controller';
import { DirectoryClient } from './ldap/directory.client';
import { DirectorySyncService } from './ldap/directory-sync.service';
import { LdapLoginStrategy } from './ldap/ldap-login.strategy';
import { LoginThrottle } from './login-throttle';
import { MeService } from './me.service';
import { DepartmentsController } from './org/departments.controller';
import { OrgService } from './org/org.service';
import { PeopleController } from './people.controller';
import { PolicyService } from './policy/policy.service';
import { SeparationOfDuties } from './policy/separation-of-duties.service';
import { SessionGuard } from './session.guard';
import { SessionPurgeHandler } from './session-purge.handler';
import { SessionService } from './session.service';
import { OtpController } from './totp/otp.controller';
import { TotpService } from './totp/totp.service';
import { XsrfCookieMiddleware } from './xsrf.middleware';

const SERVICES = [SessionService, DirectoryClient, DirectorySyncService, IdentityAuditHub, DelegationService, PolicyService, OrgService, TotpService, SeparationOfDuties, AgendaGrantsService];

/**
 * Identity services without HTTP: sessions, directory sync, substitutions, policy, org structure.
 * Import this (not IdentityModule) from other feature modules and from the worker:
 * PolicyService, DelegationService, OrgService, IdentityAuditHub, SeparationOfDuties and
 * AgendaGrantsService (the one writer of agenda_grants) are exported.
 */
@Module({
  imports: [AuthorityModule, TypeOrmModule.forFeature([UserEntity, SessionEntity])],
  providers: SERVICES,
  exports: SERVICES,
})
export class IdentityCoreModule {}

/** Login, sessions, the global guards and the identity/admin endpoints of the HTTP api. */
@Module({
  imports: [IdentityCoreModule, TypeOrmModule.forFeature([UserEntity, SessionEntity])],
  controllers: [AuthController, MyDeputiesController, PeopleDeputiesController, OtpController, PeopleController, DepartmentsController, RoleMappingsController, AgendaGrantsController, AdminSubstitutionsController, SecondFactorsController],
  // The access guard after the session guard: it reads the session's user and enforces each route's declared access (fail closed).
  providers: [AuthService, LoginThrottle, LdapLoginStrategy, MeService, IdentityAccess, { provide: APP_GUARD, useClass: SessionGuard }, { provide: APP_GUARD, useExisting: AccessGuard }],
  // AuthService: re-authentication before signatures (feature-documents).
  exports: [IdentityCoreModule, AuthService],
})
export class IdentityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(XsrfCookieMiddleware).forRoutes('*path');
  }
}

/** The identity jobs the worker runs; no controllers, no guard. */
@Module({
  imports: [IdentityCoreModule],
  providers: [SessionPurgeHandler],
  exports: [IdentityCoreModule],
})
export class IdentityJobsModule {}
