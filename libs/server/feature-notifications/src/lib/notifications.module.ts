import { Module } from '@nestjs/common';
import { AgendasCoreModule } from '@agendy/server/feature-agendas';
import { OutboxWorkerModule } from '@agendy/server/feature-outbox';
import { Mailer } from './mailer';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotifyHandler } from './notify.handler';

/** The in-app notification endpoints. */
@Module({ controllers: [NotificationsController], providers: [NotificationsService] })
export class NotificationsModule {}

/** The worker's `effects.notify` handler and SMTP. */
@Module({ imports: [AgendasCoreModule, OutboxWorkerModule], providers: [Mailer, NotifyHandler] })
export class NotificationsJobsModule {}
