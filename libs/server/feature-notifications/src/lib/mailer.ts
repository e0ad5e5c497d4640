import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { assertOutsideTransaction } from '@agendy/server/db';

/** A file sent with an e-mail (e.g. an .ics invitation). */
export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachments?: readonly MailAttachment[];
  /** Stable per logical message (e.g. the notification id): becomes the Message-ID. */
  messageKey?: string;
}

/** SMTP through nodemailer (one transport per process: import MailModule); without SMTP_URL e-mail is off and notifications stay in-app. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.runtime.smtpUrl ? nodemailer.createTransport(config.runtime.smtpUrl) : null;
    if (!this.transport) this.logger.log('SMTP_URL not set: e-mail notifications are off');
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) return;
    assertOutsideTransaction('SMTP');
    const { to, subject, text, attachments = [], messageKey } = mail;
    const domain = new URL(this.config.runtime.publicBaseUrl).hostname || 'agendy';
    await this.transport.sendMail({
      from: this.config.runtime.mailFrom,
      to,
      subject,
      text,
      attachments: [...attachments],
      // A resend after a crash (at-least-once delivery) carries the same Message-ID, so mail systems can drop the duplicate.
      ...(messageKey ? { messageId: `<${messageKey}@${domain}>` } : {}),
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
