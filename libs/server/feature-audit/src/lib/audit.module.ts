import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '@agendy/server/feature-identity';
import { AuditController } from './audit.controller';
import { AuditSequencer } from './audit-sequencer.service';
import { AuditWriter } from './audit-writer';
import { IdentityAuditBridge } from './identity-audit-bridge';

/** The audit writer for every feature, the verify endpoint, and the identity events' sink. */
@Module({ imports: [IdentityCoreModule], controllers: [AuditController], providers: [AuditWriter, IdentityAuditBridge], exports: [AuditWriter] })
export class AuditModule {}

/** The worker writes audit rows (timers) but serves no HTTP; every worker is a candidate sequencer. */
@Module({ providers: [AuditWriter, AuditSequencer], exports: [AuditWriter, AuditSequencer] })
export class AuditJobsModule {}
