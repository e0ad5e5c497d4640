import { Injectable, Logger } from '@nestjs/common';

/**
 * Identity events for the audit log. The audit module (issue 5) implements `IdentityAuditSink`
 * and registers it with `IdentityAuditHub.use()`; until then events go nowhere (no-op).
 */
export type IdentityAuditEventType =
  | 'login.succeeded'
  | 'login.failed'
  | 'logout'
  | 'session.revoked-by-directory'
  | 'profile.synced'
  | 'substitution.created'
  | 'substitution.revoked'
  /** Separation of duties (ADR 0004): an attempt to grant oneself a grant, role or substitution — a security event. */
  | 'self-grant.refused'
  | 'role-mapping.created'
  | 'role-mapping.deleted'
  | 'agenda-grant.created'
  | 'agenda-grant.deleted'
  | 'department.created'
  | 'department.updated'
  | 'departments.imported'
  | 'otp.enabled'
  | 'otp.disabled'
  | 'otp.reset';

export interface IdentityAuditEvent {
  type: IdentityAuditEventType;
  at: Date;
  /** Who did it; null for anonymous (failed logins) and the system. */
  actorId: string | null;
  /** When the actor acted as a deputy: the absent person they acted for. */
  onBehalfOfId?: string | null;
  /** The object concerned: a user, substitution, department, mapping or grant id. */
  subjectId?: string | null;
  /** Small facts only; never passwords, codes, secrets or tokens. */
  data?: Record<string, unknown>;
  ip?: string | null;
}

export interface IdentityAuditSink {
  record(event: IdentityAuditEvent): Promise<void>;
}

@Injectable()
export class IdentityAuditHub {
  private readonly logger = new Logger('IdentityAudit');
  private sinks: IdentityAuditSink[] = [];

  /** Called by the audit module at start-up; several sinks may listen. */
  use(sink: IdentityAuditSink): void {
    this.sinks.push(sink);
  }

  /** Never fails the caller: an audit outage is logged, the login or change stands. */
  async record(event: Omit<IdentityAuditEvent, 'at'> & { at?: Date }): Promise<void> {
    const full: IdentityAuditEvent = { ...event, at: event.at ?? new Date() };
    for (const sink of this.sinks) {
      await sink.record(full).catch((e: unknown) => this.logger.error({ err: e, type: full.type }, 'Identity audit sink failed'));
    }
  }
}
