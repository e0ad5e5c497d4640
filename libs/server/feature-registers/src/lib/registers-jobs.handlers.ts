import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@agendy/server/feature-audit';
import { PartyDirectory } from '@agendy/server/feature-agendas';
import { OutboxRelay, OutboxWriter } from '@agendy/server/feature-outbox';
import { JobHandler } from '@agendy/server/queue';
import type { AgendaDefinition, Party } from '@agendy/workflow/engine';
import { toPragueDate } from '@agendy/shared/util';
import { publicationStatus } from './contracts/contract-rules';
import { OpenDataService } from './open-data/open-data.service';
import { REGISTER_AGENDAS } from './registers-access';

interface PendingContract {
  id: string;
  request_id: string;
  reference: string;
  subject: string;
  signed_on: string;
  publication_deadline: string;
  reminded_at: Date | null;
  escalated_at: Date | null;
}

const OFFICERS: Party[] = [{ kind: 'role', role: 'agenda-officer' }];
const ESCALATION: Party[] = [
  { kind: 'role', role: 'director' },
  { kind: 'role', role: 'legal' },
];

/**
 * The contract register's own deadline watch, independent of the agenda's timers: it also covers
 * grant contracts and contracts entered while the agenda had no deadline. Each contract gets one
 * reminder (officers) and one escalation (director, legal), claimed on the contract row and sent as
 * a `notify` effect through the outbox in the same transaction — so in-app and e-mail, exactly once,
 * by the same handler as every other notification.
 */
@Injectable()
export class RegistersJobHandlers {
  private readonly logger = new Logger('RegistersJobs');

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditWriter,
    private readonly directory: PartyDirectory,
    private readonly openData: OpenDataService,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  @JobHandler('registers.contract-deadlines')
  async contractDeadlines(): Promise<string> {
    return this.runDeadlines(new Date());
  }

  async runDeadlines(now: Date): Promise<string> {
    const today = toPragueDate(now);
    // Read fresh: the worker's registry cache may predate the agenda's publication.
    const [published]: Array<{ definition: AgendaDefinition }> = await this.ds.query(
      `SELECT v.definition FROM agendas a JOIN agenda_versions v ON v.agenda_code = a.code AND v.version = a.published_version WHERE a.code = $1`,
      [REGISTER_AGENDAS.contracts],
    );
    if (!published) return 'no-agenda';
    const rows: PendingContract[] = await this.ds.query(
      `SELECT id, request_id, reference, subject, signed_on::text, publication_deadline::text, reminded_at, escalated_at FROM contracts
       WHERE publication_required AND published_on IS NULL AND signed_on IS NOT NULL AND escalated_at IS NULL`,
    );
    let reminded = 0;
    let escalated = 0;
    for (const c of rows) {
      const status = publicationStatus({ publicationRequired: true, signedOn: c.signed_on, publishedOn: null }, today);
      const kind = status === 'overdue' ? 'escalate' : status === 'due-soon' && !c.reminded_at ? 'remind' : null;
      if (!kind) continue;
      await this.ds.transaction(async (em) => {
        const column = kind === 'escalate' ? 'escalated_at' : 'reminded_at';
        const claimed: unknown[] = await em.query(`WITH u AS (UPDATE contracts SET ${column} = $2 WHERE id = $1 AND ${column} IS NULL RETURNING id) SELECT id FROM u`, [c.id, now]);
        if (claimed.length === 0) return;
        const people = await this.directory.resolve(em, published.definition, kind === 'escalate' ? ESCALATION : OFFICERS);
        const [y, m, d] = c.publication_deadline.split('-').map(Number);
        const due = `${d}. ${m}. ${y}`;
        const cs =
          kind === 'escalate'
            ? `Smlouva ${c.reference} nebyla zveřejněna v registru smluv do ${due}. Bez zveřejnění je neúčinná a po třech měsících se ruší.`
            : `Smlouvu ${c.reference} je třeba zveřejnit v registru smluv nejpozději ${due}.`;
        const en =
          kind === 'escalate'
            ? `Contract ${c.reference} was not published in the contract register by ${c.publication_deadline}. Until published it has no effect.`
            : `Contract ${c.reference} must be published in the contract register by ${c.publication_deadline}.`;
        // The people are resolved here, against the contract agenda's roles (a grant contract's own agenda has no lawyers).
        const recipients: Party[] = people.map((p) => ({ kind: 'user', userId: p.userId }));
        await this.outbox.write(em, [{ id: `register/contract/${c.id}/${kind}`, requestId: c.request_id, type: 'notify', recipients, message: { cs, en }, template: 'register-contract-deadline' }], now);
        await this.audit.append(em, {
          actorId: null,
          action: kind === 'escalate' ? 'register.contract.escalate' : 'register.contract.remind',
          objectType: 'contract',
          objectId: c.id,
          details: { deadline: c.publication_deadline, recipients: people.length },
        });
        if (kind === 'escalate') escalated++;
        else reminded++;
      });
    }
    if (reminded + escalated > 0) this.relay.kick();
    this.logger.log({ reminded, escalated }, 'contract publication deadlines checked');
    return `reminded ${reminded}, escalated ${escalated}`;
  }

  @JobHandler('registers.open-data-export')
  async openDataExport(): Promise<string> {
    const { dir, files } = await this.openData.writeExport();
    return `${files.length} files in ${dir}`;
  }
}
