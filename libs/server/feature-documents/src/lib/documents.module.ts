import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@agendy/server/core';
import { AgendasModule, AgendasCoreModule } from '@agendy/server/feature-agendas';
import { AuditJobsModule, AuditModule } from '@agendy/server/feature-audit';
import { OutboxModule, OutboxWorkerModule } from '@agendy/server/feature-outbox';
import { IdentityModule } from '@agendy/server/feature-identity';
import { RequestsJobsModule, RequestsModule, RequestVisibility } from '@agendy/server/feature-requests';
import { DocumentEffectHandlers } from './documents/document-effects.handler';
import { DocumentGenerator } from './documents/document-generator';
import { DocumentQueries } from './documents/document-queries';
import { DocumentsAccess } from './documents-access';
import { DocumentsController, PkiController, SignatureValidationController, TemplatesController } from './documents.controllers';
import { OfficePki } from './pki/office-pki.service';
import { readSigningSettings, SIGNING_SETTINGS } from './signing-settings';
import { SignatureService } from './signing/signature-service';
import { SignerConfirmation } from './signing/signer-confirmation';
import { ValidationService } from './signing/validation.service';

const settingsProvider = { provide: SIGNING_SETTINGS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => readSigningSettings(config) };

/** Documents from templates, signature tasks, the office seal and the office PKI over HTTP (issue 7). */
@Module({
  imports: [AgendasModule, AuditModule, IdentityModule, OutboxModule, RequestsModule],
  controllers: [DocumentsController, SignatureValidationController, PkiController, TemplatesController],
  providers: [settingsProvider, RequestVisibility, OfficePki, DocumentGenerator, DocumentQueries, SignatureService, SignerConfirmation, ValidationService, DocumentsAccess],
})
export class DocumentsModule {}

/** The worker's part of documents and signing: the engine's generateDocument and requestSignatures effects. */
@Module({
  imports: [AgendasCoreModule, AuditJobsModule, OutboxWorkerModule, RequestsJobsModule],
  providers: [settingsProvider, OfficePki, DocumentGenerator, SignatureService, SignerConfirmation, DocumentEffectHandlers],
})
export class DocumentsJobsModule {}
