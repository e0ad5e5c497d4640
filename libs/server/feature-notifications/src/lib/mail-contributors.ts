import { Injectable } from '@nestjs/common';
import type { LocalizedText } from '@agendy/shared/util';
import type { MailAttachment } from './mailer';

/** The notification an e-mail is being written for, as a contributor sees it. */
export interface MailNotice {
  notificationId: string;
  /** The outbox id of the effect that wrote it, e.g. `booking/<bookingId>/confirmed/1`. */
  effectId: string;
  template: string;
  message: LocalizedText;
  recipientName: string;
}

/** An area's part of one e-mail. Everything is optional: what is left out is written as for any notification. */
export interface MailContribution {
  /** The subject after "[Agendy] " (default: the template's subject or the message). */
  subject?: string;
  /** Lines below the message (e.g. the resource and the time of a booking). */
  lines?: readonly string[];
  attachments?: readonly MailAttachment[];
}

export interface MailContributor {
  /**
   * Called by NotifyHandler outside any transaction, after it claimed the e-mail and before it
   * sends it; may read the area's own tables. Throwing gives the e-mail back (the job is retried).
   */
  contribute(notice: MailNotice): Promise<MailContribution>;
}

/**
 * Where areas register what their e-mails need beyond the message (ADR 0003: an area registers
 * itself; notifications never depend on the areas). Keyed by a template prefix such as `booking.`;
 * the longest registered prefix of a notification's template wins. One owner per prefix: a second
 * registration of the same prefix is a wiring error and throws at boot.
 */
@Injectable()
export class MailContributors {
  private readonly byPrefix = new Map<string, MailContributor>();

  register(templatePrefix: string, contributor: MailContributor): void {
    if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.$/.test(templatePrefix)) throw new Error(`Mail contributor prefix "${templatePrefix}" must look like "area."`);
    if (this.byPrefix.has(templatePrefix)) throw new Error(`A mail contributor for "${templatePrefix}" is registered already`);
    this.byPrefix.set(templatePrefix, contributor);
  }

  find(template: string | null): MailContributor | undefined {
    if (!template) return undefined;
    let best: string | undefined;
    for (const prefix of this.byPrefix.keys()) if (template.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
    return best ? this.byPrefix.get(best) : undefined;
  }
}
