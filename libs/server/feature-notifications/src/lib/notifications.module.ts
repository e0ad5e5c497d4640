import { Module } from '@nestjs/common';
import { AgendasCoreModule } from '@agendy/server/feature-agendas';
import { OutboxWorkerModule } from '@agendy/server/feature-outbox';
import { MailContributors } from './mail-contributors';
import { Mailer } from './mailer';
import { NotificationsAccess } from './notifications-access';
import { NotificationsController } from './notifications.controller';
import { NotificationStream } from './notification-stream';
import { NotificationsService } from './notifications.service';
import { NotifyHandler } from './notify.handler';

/** The in-app notification endpoints. */
@Module({ controllers: [NotificationsController], providers: [NotificationsService, NotificationStream, NotificationsAccess] })
export class NotificationsModule {}

/** The notifications service alone (no endpoints), for other areas that notify people outside an effect. */
@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsServiceModule {}

/**
 * SMTP for every worker module that sends e-mail, and the one registry where areas add what their
 * e-mails need (one instance per process: every importer shares this module's providers).
 */
@Module({ providers: [Mailer, MailContributors], exports: [Mailer, MailContributors] })
export class MailModule {}

/** The worker's `effects.notify` handler. */
@Module({ imports: [AgendasCoreModule, OutboxWorkerModule, MailModule], providers: [NotifyHandler] })
export class NotificationsJobsModule {}
