import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException } from '@agendy/server/core';
import { sameJson } from '@agendy/shared/util';
import { actorsFor, AgendaRegistry, loadGroupMembers, type UserFacts } from '@agendy/server/feature-agendas';
import { AuditWriter, fingerprint } from '@agendy/server/feature-audit';
import { OutboxRelay, OutboxWriter } from '@agendy/server/feature-outbox';
import {
  attachmentReferences,
  enginePartyKey,
  escalationRecipients,
  isStale,
  startRequest,
  SYSTEM_ACTOR,
  transition,
  vacantPartyPhrase,
  type Actor,
  type AgendaDefinition,
  type FormData,
  type Rejection,
  type TransitionOutcome,
  type WorkflowEvent,
} from '@agendy/workflow/engine';
import { rejectionToException } from './rejections';
import { requestActors } from './request-actions';
import { assignOutcome } from './request-assignment';
import { insertHistory, insertRequest, lockRequest, nextReference, syncTasks, updateRequest, type RequestRow } from './request-store';
import { isUuid, RequestVisibility } from './request-visibility';
import { TransitionChecks, type ApplyOptions } from './transition-checks';

export interface ClientInfo {
  ip: string | null;
}

/** Who sends an event: a signed-in user (with every way they may act) or the system (timers). */
export type EventSender = { kind: 'user'; facts: UserFacts } | { kind: 'system' };

export type ApplyResult = { ok: true; outcome: TransitionOutcome; actor: Actor } | { ok: false; rejection: Rejection };

/**
 * Every change of a request goes through here, in ONE transaction (DESIGN.md §3): lock the row,
 * let the pure engine decide, then write the new snapshot, its history, one outbox row per effect,
 * the inbox rows and an audit row — and relay the outbox after commit.
 */
@Injectable()
export class RequestRuntime {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: AgendaRegistry,
    private readonly visibility: RequestVisibility,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly audit: AuditWriter,
    private readonly checks: TransitionChecks,
  ) {}

  /** Files a draft under the agenda's published version, with a reference number. */
  async create(facts: UserFacts, agendaCode: string, data: FormData, client: ClientInfo): Promise<{ id: string; version: number }> {
    const published = await this.registry.findPublished(agendaCode);
    if (!published) throw new DomainException('NOT_FOUND', `No published agenda "${agendaCode}"`);
    const { definition, referencePrefix } = published;
    const now = new Date();
    const id = randomUUID();
    const request = { id, agendaCode, filerId: facts.userId, filerDepartmentId: facts.departmentId ?? '', createdAt: now.toISOString() };
    // Filing is done in one's own name: a deputy files for themselves.
    const started = startRequest(definition, request, actorsFor(facts, definition)[0], now, data, await loadGroupMembers(this.ds.manager, definition));
    if (!started.ok) throw rejectionToException(started.error);
    // A request that does not exist yet has no uploads: any file reference is made up or someone else's.
    const files = attachmentReferences(definition, data);
    if (files.length > 0) throw rejectionToException(unknownAttachments(files.map((f) => f.pointer)));
    const result = await this.ds.transaction(async (em) => {
      const reference = await nextReference(em, agendaCode, referencePrefix, now);
      const referenced = { ...started.value, snapshot: { ...started.value.snapshot, request: { ...started.value.snapshot.request, reference } } };
      const filed = await assignOutcome(em, definition, undefined, referenced);
      const snapshot = filed.snapshot;
      await insertRequest(em, definition, reference, snapshot);
      await this.persistOutcome(em, filed);
      await this.audit.append(em, {
        actorId: facts.userId,
        action: 'request.create',
        objectType: 'request',
        objectId: id,
        ip: client.ip,
        details: { agenda: agendaCode, version: definition.version, reference, state: snapshot.state, after: fingerprint(snapshot) },
      });
      return { id, version: snapshot.version };
    });
    this.relay.kick();
    return result;
  }

  /** A user's step or vote. Throws DomainException for anything the client should be told. */
  async apply(facts: UserFacts, requestId: string, event: WorkflowEvent, client: ClientInfo, options: ApplyOptions = {}): Promise<{ version: number }> {
    await this.visibility.assertVisible(this.ds.manager, facts, requestId);
    return this.applyVisible(facts, requestId, event, client, options);
  }

  /** apply() once visibility is established (PATCH has just checked it). */
  private async applyVisible(facts: UserFacts, requestId: string, event: WorkflowEvent, client: ClientInfo, options: ApplyOptions = {}): Promise<{ version: number }> {
    const result = await this.ds.transaction((em) => this.applyIn(em, requestId, event, { kind: 'user', facts }, client, new Date(), options));
    if (!result.ok) throw rejectionToException(result.rejection);
    // A step without effects (a draft saved) wrote nothing to the outbox: no relay pass for it.
    if (result.outcome.effects.length > 0) this.relay.kick();
    return { version: result.outcome.snapshot.version };
  }

  /**
   * The core, inside the caller's transaction (timers run it together with marking their outbox
   * row processed). A deputy's event is tried in their own name first, then for each absent person.
   */
  async applyIn(em: EntityManager, requestId: string, event: WorkflowEvent, sender: EventSender, client: ClientInfo, now: Date, options: ApplyOptions = {}): Promise<ApplyResult> {
    const row = await lockRequest(em, requestId);
    if (!row) return { ok: false, rejection: { code: 'WRONG_STATE', message: { cs: 'Žádost neexistuje.', en: 'No such request.' } } };
    const definition = await this.definitionOf(row, em);
    // Checked before the engine so a stale client never learns more than "reload". Votes are
    // merged under this row lock: a vote of the round the voter saw is never stale (issue 20).
    if (isStale(row.snapshot, event)) {
      return { ok: false, rejection: { code: 'STALE', message: { cs: 'Žádost mezitím změnil někdo jiný. Načtěte ji znovu.', en: 'The request was changed meanwhile. Reload it.' } } };
    }
    // Members of the directory groups the agenda votes or works by (`membersOfGroup`), read in this transaction.
    const directoryFacts = await loadGroupMembers(em, definition);
    const actors = sender.kind === 'system' ? [SYSTEM_ACTOR] : requestActors(sender.facts, definition, row.snapshot);
    let firstRejection: Rejection | undefined;
    for (const actor of actors) {
      const result = transition(definition, row.snapshot, event, actor, now, directoryFacts);
      if (!result.ok) {
        // "Not allowed in my own name" may still be allowed on behalf of someone I stand in for.
        if (!firstRejection || (firstRejection.code === 'NOT_ALLOWED' && result.error.code !== 'NOT_ALLOWED')) firstRejection = result.error;
        continue;
      }
      const accepted = result.value;
      if (accepted.lateVote) {
        // The round was decided while this vote was on its way: nothing changes and nothing is
        // wrong (votes commute). The attempt is audited; the voter was told with the decision.
        await this.audit.append(em, {
          actorId: actor.userId,
          onBehalfOf: actor.onBehalfOf ?? null,
          action: 'request.vote.late',
          objectType: 'request',
          objectId: requestId,
          ip: client.ip,
          details: { reference: row.reference, vote: accepted.lateVote.vote, state: accepted.lateVote.state, decided: accepted.lateVote.result, version: row.version },
        });
        return { ok: true, outcome: accepted, actor };
      }
      if (event.type === 'transition' && event.data) {
        const unknown = await this.foreignAttachments(em, requestId, definition, event.data);
        if (unknown.length > 0) return { ok: false, rejection: unknownAttachments(unknown) };
      }
      if (options.skipIfUnchanged && accepted.snapshot.state === row.state && accepted.effects.length === 0 && sameJson(accepted.snapshot.data, row.snapshot.data)) {
        return { ok: true, outcome: { ...accepted, snapshot: row.snapshot }, actor };
      }
      // Who acts for the new state's parties when nobody can (issue 19): read in this transaction.
      const outcome = await assignOutcome(em, definition, row.snapshot, accepted);
      if (outcome.snapshot.state !== row.state) {
        await this.checks.run(row.agenda_code, {
          em,
          requestId,
          filerId: row.snapshot.request.filerId,
          from: row.state,
          to: outcome.snapshot.state,
          data: outcome.snapshot.data,
          overrides: options.overrides ?? new Set(),
        });
      }
      await updateRequest(em, definition, outcome.snapshot);
      await this.persistOutcome(em, outcome);
      await this.audit.append(em, {
        actorId: actor.system ? null : actor.userId,
        onBehalfOf: actor.onBehalfOf ?? null,
        action: `request.${event.type}`,
        objectType: 'request',
        objectId: requestId,
        ip: client.ip,
        details: {
          reference: row.reference,
          event: event.type === 'transition' ? event.name : event.type === 'vote' ? event.vote : `${event.timer}:${event.deadlineId}`,
          from: row.state,
          to: outcome.snapshot.state,
          version: outcome.snapshot.version,
          before: fingerprint(row.snapshot),
          after: fingerprint(outcome.snapshot),
          ...fallbackDetails(definition, outcome),
        },
      });
      return { ok: true, outcome, actor };
    }
    return { ok: false, rejection: firstRejection ?? { code: 'NOT_ALLOWED', message: { cs: 'Nepřípustné.', en: 'Not allowed.' } } };
  }

  /**
   * PATCH: the fields the current step lets the user change, without moving the request. Carried
   * out as the agenda's self-loop step (e.g. `save` in a draft), so validation, history and audit
   * are the engine's.
   */
  async patch(facts: UserFacts, requestId: string, data: FormData, expectedVersion: number, client: ClientInfo): Promise<{ version: number }> {
    await this.visibility.assertVisible(this.ds.manager, facts, requestId);
    const [row]: RequestRow[] = await this.ds.query(`SELECT agenda_code, agenda_version, state FROM requests WHERE id = $1`, [requestId]);
    const definition = await this.definitionOf(row);
    const fields = Object.keys(data);
    const step = definition.workflow.transitions.find(
      (t) =>
        t.to === row.state &&
        (Array.isArray(t.from) ? t.from : [t.from]).includes(row.state) &&
        !t.routes?.length &&
        (t.editableFields?.includes('*') || fields.every((f) => t.editableFields?.includes(f))),
    );
    if (!step) throw new DomainException('WRONG_STATE', 'Nothing can be edited in the current state without taking a step');
    return this.applyVisible(facts, requestId, { type: 'transition', name: step.name, data, expectedVersion }, client, { skipIfUnchanged: true });
  }

  /** Relay effects written by a transaction the caller committed (timers). */
  afterCommit(): void {
    this.relay.kick();
  }

  private async persistOutcome(em: EntityManager, outcome: TransitionOutcome): Promise<void> {
    await insertHistory(em, outcome.history);
    // Wall-clock time, not the engine's `now`: a timer fired with a test clock must not delay its effects.
    await this.outbox.write(em, outcome.effects, new Date());
    await syncTasks(em, outcome.snapshot, escalationRecipients(outcome));
  }

  /** Pointers of the file references in `data` that are not uploads of this request. */
  private async foreignAttachments(em: EntityManager, requestId: string, definition: AgendaDefinition, data: FormData): Promise<string[]> {
    const refs = attachmentReferences(definition, data);
    if (refs.length === 0) return [];
    const ids = refs.map((r) => r.fileId).filter(isUuid);
    const rows: Array<{ id: string }> = ids.length ? await em.query(`SELECT id::text FROM attachments WHERE request_id = $1 AND id = ANY($2::uuid[])`, [requestId, ids]) : [];
    const ours = new Set(rows.map((r) => r.id));
    return refs.filter((r) => !ours.has(r.fileId.toLowerCase())).map((r) => r.pointer);
  }

  async definitionOf(row: Pick<RequestRow, 'agenda_code' | 'agenda_version'>, em: EntityManager = this.ds.manager): Promise<AgendaDefinition> {
    const definition = await this.registry.version(row.agenda_code, row.agenda_version, em);
    if (!definition) throw new Error(`Agenda ${row.agenda_code} v${row.agenda_version} of a stored request is missing`);
    return definition;
  }
}

/** The audit row of a step or vote taken by a fallback says for which vacant party ("za neobsazenou roli …"). */
function fallbackDetails(definition: AgendaDefinition, outcome: TransitionOutcome): { fallbackFor?: string; fallbackNote?: string } {
  const party = outcome.history.find((h) => h.actor.fallbackFor)?.actor.fallbackFor;
  return party ? { fallbackFor: enginePartyKey(party), fallbackNote: vacantPartyPhrase(party, definition).cs } : {};
}

function unknownAttachments(pointers: string[]): Rejection {
  return {
    code: 'INVALID_DATA',
    message: { cs: 'Formulář odkazuje na soubor, který k žádosti nebyl nahrán.', en: 'The form refers to a file that was not uploaded to this request.' },
    fieldErrors: pointers.map((pointer) => ({
      pointer,
      keyword: 'attachment',
      message: { cs: 'soubor není přílohou této žádosti – nahrajte ho prosím znovu', en: 'the file is not an attachment of this request – please upload it again' },
    })),
  };
}
