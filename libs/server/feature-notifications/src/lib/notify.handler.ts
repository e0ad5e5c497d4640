import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@agendy/server/core';
import { AgendaRegistry, PartyDirectory, type Recipient } from '@agendy/server/feature-agendas';
import { OutboxProcessor, type OutboxRow } from '@agendy/server/feature-outbox';
import { JobHandler, type OutboxJob } from '@agendy/server/queue';
import { MailContributors, type MailContribution } from './mail-contributors';
import { Mailer } from './mailer';
import { renderMail, requestLink } from './mail-template';

type NotifyEffect = Extract<OutboxRow['effect'], { type: 'notify' }>;

/**
 * A `notify` effect: in-app notifications for every recipient (once: unique per effect and user,
 * written in the run-once transaction), then e-mail to those with an address. Each e-mail row is
 * claimed before sending and marked after, so a retried job sends only what is still unsent.
 * Engine effects address parties of their request's agenda; an area's notice (no request, e.g. a
 * booking) addresses users. Areas add their subject, lines and attachments through MailContributors.
 */
@Injectable()
export class NotifyHandler {
  private readonly logger = new Logger('NotifyHandler');

  constructor(
    private readonly ds: DataSource,
    private readonly processor: OutboxProcessor,
    private readonly registry: AgendaRegistry,
    private readonly parties: PartyDirectory,
    private readonly mailer: Mailer,
    private readonly contributors: MailContributors,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler('effects.notify')
  async handle(payload: OutboxJob): Promise<string> {
    const result = await this.processor.runOnce(payload.outboxId, async (em, row) => {
      if (row.effect.type !== 'notify') return;
      const recipients = await this.recipients(em, row.effect);
      if (recipients.length === 0) return;
      await em.query(
        `INSERT INTO notifications (user_id, request_id, effect_id, template, message_cs, message_en, email_status)
         SELECT r.user_id, $1, $2, $3, $4, $5, CASE WHEN r.email IS NULL OR NOT $6 THEN 'skipped' ELSE 'pending' END
         FROM json_to_recordset($7::json) AS r(user_id uuid, email text)
         ON CONFLICT (effect_id, user_id) DO NOTHING`,
        [
          row.effect.requestId,
          row.id,
          row.effect.template ?? null,
          row.effect.message.cs,
          row.effect.message.en,
          this.mailer.enabled,
          JSON.stringify(recipients.map((r) => ({ user_id: r.userId, email: r.email }))),
        ],
      );
    });
    const sent = await this.sendPendingMail(payload.outboxId);
    return `${result}; ${sent} e-mail(s)`;
  }

  /** Users are looked up directly (a notice has no agenda); other parties through the request's agenda version. */
  private async recipients(em: EntityManager, effect: NotifyEffect): Promise<Recipient[]> {
    if (effect.requestId === null) {
      const rows: Array<{ id: string; email: string | null; display_name: string }> = await em.query(
        `SELECT id, email, display_name FROM users WHERE id::text = ANY($1::text[]) AND active`,
        [effect.recipients.map((r) => r.userId)],
      );
      return rows.map((r) => ({ userId: r.id, email: r.email, displayName: r.display_name }));
    }
    const [req]: Array<{ agenda_code: string; agenda_version: number }> = await em.query(`SELECT agenda_code, agenda_version FROM requests WHERE id = $1`, [effect.requestId]);
    if (!req) return [];
    const definition = await this.registry.version(req.agenda_code, req.agenda_version, em);
    if (!definition) throw new Error(`agenda ${req.agenda_code} v${req.agenda_version} missing`);
    return this.parties.resolve(em, definition, effect.recipients);
  }

  private async sendPendingMail(effectId: string): Promise<number> {
    if (!this.mailer.enabled) return 0;
    const claimed: Array<{ id: string; email: string; display_name: string; request_id: string | null; template: string | null; message_cs: string; message_en: string; reference: string | null; agenda_code: string | null; agenda_version: number | null; state: string | null }> =
      await this.ds.query(
        // 'sending' too: a worker killed mid-send left its rows there, and only this job (one per effect, BullMQ's lock) claims them.
        `WITH c AS (UPDATE notifications SET email_status = 'sending' WHERE effect_id = $1 AND email_status IN ('pending', 'sending') RETURNING *)
         SELECT c.id, u.email, u.display_name, c.request_id, c.template, c.message_cs, c.message_en, r.reference, r.agenda_code, r.agenda_version, r.state
         FROM c JOIN users u ON u.id = c.user_id LEFT JOIN requests r ON r.id = c.request_id`,
        [effectId],
      );
    let sent = 0;
    for (const n of claimed) {
      try {
        const definition = n.agenda_code && n.agenda_version ? await this.registry.version(n.agenda_code, n.agenda_version) : undefined;
        const contributor = this.contributors.find(n.template);
        const extra: MailContribution = contributor && n.template
          ? await contributor.contribute({ notificationId: n.id, effectId, template: n.template, message: { cs: n.message_cs, en: n.message_en }, recipientName: n.display_name })
          : {};
        const mail = renderMail({
          message: { cs: n.message_cs, en: n.message_en },
          template: n.template,
          reference: n.reference,
          agendaName: definition?.name.cs ?? null,
          stateLabel: definition?.workflow.states.find((s) => s.id === n.state)?.label.cs ?? null,
          link: n.request_id ? requestLink(this.config.runtime.publicBaseUrl, n.request_id) : null,
          recipientName: n.display_name,
          subject: extra.subject,
          lines: extra.lines,
        });
        await this.mailer.send({ to: n.email, subject: mail.subject, text: mail.text, attachments: extra.attachments, messageKey: `notification-${n.id}` });
        await this.ds.query(`UPDATE notifications SET email_status = 'sent', emailed_at = now() WHERE id = $1`, [n.id]);
        sent++;
      } catch (e) {
        // Give the rows back; the job fails and BullMQ retries with backoff.
        await this.ds.query(`UPDATE notifications SET email_status = 'pending' WHERE email_status = 'sending' AND effect_id = $1`, [effectId]);
        this.logger.warn({ effectId, err: (e as Error).message }, 'E-mail not sent; will retry');
        throw e;
      }
    }
    return sent;
  }
}
