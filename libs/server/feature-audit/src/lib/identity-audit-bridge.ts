import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityAuditEvent, IdentityAuditHub } from '@agendy/server/feature-identity';
import { AuditWriter } from './audit-writer';

/**
 * Logins, logouts, permission and org changes reach the hash-chained audit log through the
 * identity module's hub (identity cannot import audit: audit already depends on identity).
 */
@Injectable()
export class IdentityAuditBridge implements OnModuleInit {
  constructor(
    private readonly hub: IdentityAuditHub,
    private readonly writer: AuditWriter,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.hub.use({ record: (event) => this.write(event) });
  }

  private async write(e: IdentityAuditEvent): Promise<void> {
    await this.ds.transaction((em) =>
      this.writer.append(em, {
        actorId: e.actorId,
        onBehalfOf: e.onBehalfOfId ?? null,
        action: `identity.${e.type}`,
        objectType: 'identity',
        objectId: e.subjectId ?? null,
        ip: e.ip ?? null,
        details: e.data ?? {},
      }),
    );
  }
}
