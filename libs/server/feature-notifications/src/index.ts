export * from './lib/mail-template';
export * from './lib/mailer';
export * from './lib/mail-contributors';
export * from './lib/notifications.service';
export * from './lib/notify.handler';
export * from './lib/notifications.module';
export * from './lib/notification-stream';
