import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type {
  AgendaVacanciesResponse,
  AgendaVersionInfo,
  AgendaVersionStatus,
  AddGrantRequest,
  DefinitionDiff,
  DesignerAgenda,
  DesignerGrant,
  DesignerAgendaListResponse,
  DesignerRunningRequest,
  DesignerValidationResponse,
  DesignerVersion,
  FieldError,
  PublishAgendaResponse,
  SimulationResponse,
} from '@agendy/shared/contracts';
import { DomainException } from '@agendy/server/core';
import { AuditWriter } from '@agendy/server/feature-audit';
import { AgendaGrantsService } from '@agendy/server/feature-identity';
import { runScenario, validateDefinition, type AgendaDefinition, type Scenario } from '@agendy/workflow/engine';
import { AgendaRegistry } from '../agenda-registry';
import { directoryWarnings } from './directory-warnings';
import { agendaVacancies } from './vacancies';
import type { UserFacts } from '../user-facts';
import { diffDefinitions } from './definition-diff';
import { grantedAdminAgendas, mayAdministerAgenda, mayCreateAgendas } from './designer-access';

export interface ClientInfo {
  ip: string | null;
}

interface VersionRow {
  agenda_code: string;
  version: number;
  status: AgendaVersionStatus;
  created_by: string | null;
  created_at: Date;
  published_at: Date | null;
  updated_at: Date;
  running: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The agenda designer's server side: drafts edited in place and validated on every save,
 * publishing as the next version, retiring, comparing, migrating running requests, exporting and
 * importing definitions, and simulation. Every change is audited in the same transaction; only
 * administrators of the agenda (or global agenda/system administrators) may change it.
 */
@Injectable()
export class DesignerService {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: AgendaRegistry,
    private readonly audit: AuditWriter,
    private readonly agendaGrants: AgendaGrantsService,
  ) {}

  async list(facts: UserFacts): Promise<DesignerAgendaListResponse> {
    const all = mayCreateAgendas(facts);
    const granted = grantedAdminAgendas(facts);
    if (!all && granted.length === 0) throw new DomainException('FORBIDDEN', 'Only agenda administrators manage agenda definitions');
    const agendas: Array<{ code: string; published_version: number | null }> = await this.ds.query(
      `SELECT code, published_version FROM agendas WHERE $1 OR code = ANY($2) ORDER BY code`,
      [all, granted],
    );
    const rows = await this.versionRows(agendas.map((a) => a.code));
    const items: DesignerAgenda[] = [];
    for (const a of agendas) {
      const versions = rows.filter((r) => r.agenda_code === a.code);
      const newest = versions[versions.length - 1];
      const shown = versions.find((v) => v.version === a.published_version) ?? newest;
      const definition = shown ? await this.registry.version(a.code, shown.version) : undefined;
      if (!definition) continue;
      items.push({
        code: a.code,
        name: definition.name,
        category: definition.category ?? null,
        publishedVersion: a.published_version,
        retired: a.published_version === null && versions.some((v) => v.status === 'retired'),
        versions: versions.map(toDesignerVersion),
      });
    }
    items.sort((x, y) => x.name.cs.localeCompare(y.name.cs, 'cs'));
    return { items, mayCreate: all };
  }

  async versions(facts: UserFacts, code: string): Promise<DesignerVersion[]> {
    this.requireAdminOf(facts, code);
    const rows = await this.versionRows([code]);
    if (rows.length === 0) throw new DomainException('NOT_FOUND');
    return rows.map(toDesignerVersion);
  }

  /** The definition document of a version: what the editor loads and what "export" downloads. */
  async definition(facts: UserFacts, code: string, version: number): Promise<AgendaDefinition> {
    this.requireAdminOf(facts, code);
    const definition = await this.registry.version(code, version);
    if (!definition) throw new DomainException('NOT_FOUND');
    return definition;
  }

  validate(facts: UserFacts, input: unknown): DesignerValidationResponse {
    this.requireSomeAdmin(facts);
    const checked = validateDefinition(input);
    return checked.ok ? { ok: true, errors: [] } : { ok: false, errors: checked.error };
  }

  /**
   * Imports a definition document as a draft. `renumber` files it as the agenda's next version
   * (moving a definition between installations whose version numbers differ); otherwise the
   * document's own version must be free.
   */
  async import(facts: UserFacts, input: unknown, renumber: boolean, client: ClientInfo): Promise<AgendaVersionInfo> {
    const code = typeof (input as { code?: unknown } | null)?.code === 'string' ? (input as { code: string }).code : null;
    const exists = code ? await this.agendaExists(code) : false;
    if (code && exists) this.requireAdminOf(facts, code);
    else this.requireCreator(facts);
    const shaped = renumber && code && exists && isObject(input) ? { ...input, version: (await this.maxVersion(code)) + 1 } : input;
    const definition = validOrThrow(shaped);
    return this.ds.transaction(async (em) => {
      await this.lockAgenda(em, definition.code);
      await this.refuseSecondDraft(em, definition.code);
      await this.checkWithAreas(em, definition);
      const info = await this.registry.insertDraft(em, definition, facts.userId);
      if (!info) throw new DomainException('CONFLICT', `Version ${definition.version} of "${definition.code}" exists already; raise the version number`);
      await this.audit.append(em, {
        actorId: facts.userId,
        action: 'agenda.import',
        objectType: 'agenda',
        objectId: `${definition.code}@${definition.version}`,
        ip: client.ip,
        details: { code: definition.code, version: definition.version, new: !exists },
      });
      return info;
    });
  }

  /** A new draft copied from an existing version (the newest by default), numbered one above the newest. */
  async createDraft(facts: UserFacts, code: string, from: number | undefined, client: ClientInfo): Promise<AgendaVersionInfo> {
    this.requireAdminOf(facts, code);
    return this.ds.transaction(async (em) => {
      if (!(await this.lockAgenda(em, code))) throw new DomainException('NOT_FOUND');
      await this.refuseSecondDraft(em, code);
      const next = (await this.maxVersion(code, em)) + 1;
      const source = await this.registry.version(code, from ?? next - 1, em);
      if (!source) throw new DomainException('NOT_FOUND', `No version ${from} of "${code}"`);
      const info = await this.registry.insertDraft(em, { ...source, version: next }, facts.userId);
      if (!info) throw new DomainException('CONFLICT');
      await this.audit.append(em, {
        actorId: facts.userId,
        action: 'agenda.draft.create',
        objectType: 'agenda',
        objectId: `${code}@${next}`,
        ip: client.ip,
        details: { code, version: next, from: source.version },
      });
      return info;
    });
  }

  /** Replaces a draft; the whole definition is validated and refused with every problem located. */
  async saveDraft(facts: UserFacts, code: string, version: number, input: unknown, client: ClientInfo): Promise<AgendaVersionInfo> {
    this.requireAdminOf(facts, code);
    if (isObject(input) && input['code'] !== code) {
      throw new DomainException('VALIDATION_FAILED', 'The code of an agenda cannot change', {
        errors: [{ pointer: '/code', rule: 'CODE_MISMATCH', message: { cs: `kód agendy musí zůstat „${code}“`, en: `the agenda code must stay "${code}"` } }],
      });
    }
    // The version number belongs to the stored draft, not to the document being edited.
    const definition = validOrThrow(isObject(input) ? { ...input, version } : input);
    return this.ds.transaction(async (em) => {
      await this.checkWithAreas(em, definition);
      const before = await this.registry.version(code, version, em);
      const info = await this.registry.updateDraft(em, definition, facts.userId);
      if (!info) {
        if (!before) throw new DomainException('NOT_FOUND');
        throw new DomainException('AGENDA_VERSION_NOT_DRAFT', `Version ${version} of "${code}" is not a draft; create a new draft to change it`);
      }
      const diff = before ? diffDefinitions(before, definition) : null;
      await this.audit.append(em, {
        actorId: facts.userId,
        action: 'agenda.draft.update',
        objectType: 'agenda',
        objectId: `${code}@${version}`,
        ip: client.ip,
        details: {
          code,
          version,
          ...(diff
            ? { fields: diff.fields.map((c) => `${c.kind}:${c.id}`), states: diff.states.map((c) => `${c.kind}:${c.id}`), transitions: diff.transitions.map((c) => `${c.kind}:${c.id}`) }
            : {}),
        },
      });
      return info;
    });
  }

  /** Deletes a draft nobody wants any more (drafts carry no requests). */
  async discardDraft(facts: UserFacts, code: string, version: number, client: ClientInfo): Promise<void> {
    this.requireAdminOf(facts, code);
    await this.ds.transaction(async (em) => {
      const rows: unknown[] = await em.query(
        `WITH d AS (DELETE FROM agenda_versions WHERE agenda_code = $1 AND version = $2 AND status = 'draft' RETURNING 1) SELECT * FROM d`,
        [code, version],
      );
      if (rows.length === 0) throw new DomainException('AGENDA_VERSION_NOT_DRAFT');
      await this.audit.append(em, { actorId: facts.userId, action: 'agenda.draft.discard', objectType: 'agenda', objectId: `${code}@${version}`, ip: client.ip, details: { code, version } });
    });
  }

  /** Publishes, and lists every party of the version that resolves to nobody in the directory now (issue 19). */
  async publish(facts: UserFacts, code: string, version: number, client: ClientInfo): Promise<PublishAgendaResponse> {
    this.requireAdminOf(facts, code);
    return this.ds.transaction(async (em) => {
      const stored = await this.registry.version(code, version, em);
      // Drafts were validated when saved; the check again guards drafts saved before an engine upgrade
      // and templates changed since (they belong to the agenda, not to one version).
      if (stored) {
        validOrThrow(stored);
        await this.checkWithAreas(em, stored);
      }
      const info = await this.registry.publish(em, code, version);
      if (!info || !stored) throw new DomainException('NOT_FOUND', `No version ${version} of "${code}"`);
      await this.audit.append(em, { actorId: facts.userId, action: 'agenda.publish', objectType: 'agenda', objectId: `${code}@${version}`, ip: client.ip, details: { code, version } });
      return { ...info, directoryWarnings: await directoryWarnings(em, stored) };
    });
  }

  async retire(facts: UserFacts, code: string, client: ClientInfo): Promise<void> {
    this.requireAdminOf(facts, code);
    await this.ds.transaction(async (em) => {
      if (!(await this.registry.retire(em, code))) throw new DomainException('NOT_FOUND');
      await this.audit.append(em, { actorId: facts.userId, action: 'agenda.retire', objectType: 'agenda', objectId: code, ip: client.ip, details: { code } });
    });
  }

  async diff(facts: UserFacts, code: string, from: number, to: number): Promise<DefinitionDiff> {
    this.requireAdminOf(facts, code);
    const [older, newer] = await Promise.all([this.registry.version(code, from), this.registry.version(code, to)]);
    if (!older || !newer) throw new DomainException('NOT_FOUND');
    return diffDefinitions(older, newer);
  }

  /** Work that would go to nobody: the published version against the directory, and requests a fallback stands in on (issue 19). */
  async vacancies(facts: UserFacts, code: string): Promise<AgendaVacanciesResponse> {
    this.requireAdminOf(facts, code);
    if (!(await this.agendaExists(code))) throw new DomainException('NOT_FOUND');
    return agendaVacancies(this.ds, this.registry, code);
  }

  async running(facts: UserFacts, code: string): Promise<DesignerRunningRequest[]> {
    this.requireAdminOf(facts, code);
    const rows: Array<{ id: string; reference: string; agenda_version: number; state: string; created_at: Date }> = await this.ds.query(
      `SELECT id, reference, agenda_version, state, created_at FROM requests WHERE agenda_code = $1 AND NOT final ORDER BY created_at, id LIMIT 1000`,
      [code],
    );
    return rows.map((r) => ({ id: r.id, reference: r.reference, version: r.agenda_version, state: r.state, createdAt: new Date(r.created_at).toISOString() }));
  }

  async grants(facts: UserFacts, code: string): Promise<DesignerGrant[]> {
    this.requireAdminOf(facts, code);
    const rows: Array<{ id: string; subject_type: DesignerGrant['subjectType']; subject: string; grant: DesignerGrant['grant']; display_name: string | null; username: string | null }> =
      await this.ds.query(
        `SELECT g.id, g.subject_type, g.subject, g."grant", u.display_name, u.username
         FROM agenda_grants g LEFT JOIN users u ON g.subject_type = 'user' AND u.id::text = g.subject
         WHERE g.agenda_code = $1 ORDER BY g."grant", g.subject_type, lower(g.subject)`,
        [code],
      );
    return rows.map((r) => ({ id: r.id, subjectType: r.subject_type, subject: r.subject, grant: r.grant, displayName: r.display_name, username: r.username }));
  }

  /**
   * Grants a built-in role of the agenda to a person (by username), a directory group or a global
   * role. The identity module decides and writes (ADR 0004): never to oneself (403
   * SELF_GRANT_FORBIDDEN, audited), only by the agenda's administrators (403 FORBIDDEN).
   */
  async addGrant(facts: UserFacts, code: string, body: unknown, client: ClientInfo): Promise<DesignerGrant[]> {
    const input = grantInput(body);
    let subject = input.subject;
    if (input.subjectType === 'user') {
      const [user]: Array<{ id: string }> = await this.ds.query(`SELECT id FROM users WHERE lower(username) = lower($1)`, [input.subject]);
      if (!user) {
        // Someone who administers nothing learns nothing about usernames here.
        this.requireAdminOf(facts, code);
        throw invalid('/subject', `no user "${input.subject}"`, { cs: `uživatel „${input.subject}“ neexistuje`, en: `no user "${input.subject}"` });
      }
      subject = user.id;
    }
    const grant = { subjectType: input.subjectType, subject, agendaCode: code, grant: input.grant };
    await this.agendaGrants.authorize(facts.userId, grant, client.ip);
    if (!(await this.agendaExists(code))) throw new DomainException('NOT_FOUND');
    await this.ds.transaction(async (em) => {
      await this.agendaGrants.insert(em, facts.userId, grant);
      await this.audit.append(em, { actorId: facts.userId, action: 'agenda.grant.add', objectType: 'agenda', objectId: code, ip: client.ip, details: { code, ...input, subject } });
    });
    return this.grants(facts, code);
  }

  async removeGrant(facts: UserFacts, code: string, id: string, client: ClientInfo): Promise<void> {
    await this.agendaGrants.authorizeManagement(facts.userId, code);
    if (!UUID.test(id)) throw new DomainException('NOT_FOUND');
    await this.ds.transaction(async (em) => {
      const removed = await this.agendaGrants.delete(em, id, code);
      if (!removed) throw new DomainException('NOT_FOUND');
      await this.audit.append(em, {
        actorId: facts.userId,
        action: 'agenda.grant.remove',
        objectType: 'agenda',
        objectId: code,
        ip: client.ip,
        details: { code, subject_type: removed.subjectType, subject: removed.subject, grant: removed.grant },
      });
    });
  }

  /** Runs a definition (saved or not) through the engine with a scenario; stores nothing. */
  simulate(facts: UserFacts, body: unknown): SimulationResponse {
    this.requireSomeAdmin(facts);
    if (!isObject(body) || !isObject(body['scenario'])) throw badSimulation('/scenario', 'a scenario object is required');
    const scenario = body['scenario'];
    if (!isObject(scenario['filer']) || typeof scenario['filer']['id'] !== 'string' || typeof scenario['filer']['department'] !== 'string') {
      throw badSimulation('/scenario/filer', 'the filer needs an id and a department');
    }
    if (typeof scenario['filedAt'] !== 'string' || Number.isNaN(Date.parse(scenario['filedAt']))) throw badSimulation('/scenario/filedAt', 'filedAt must be an ISO instant');
    if (!isObject(scenario['people'])) throw badSimulation('/scenario/people', 'people must be an object');
    if (!Array.isArray(scenario['steps']) || scenario['steps'].length > 200) throw badSimulation('/scenario/steps', 'steps must be a list of at most 200 steps');
    try {
      return runScenario(body['definition'], scenario as unknown as Scenario);
    } catch (e) {
      // The runner trusts the shape of the steps; a malformed one is the client's mistake.
      throw badSimulation('/scenario', e instanceof Error ? e.message : String(e));
    }
  }

  /**
   * The checks other areas registered (the agenda's document templates against this definition):
   * refused like the definition's own problems, in the same shape (pointer, rule, message).
   */
  private async checkWithAreas(em: EntityManager, definition: AgendaDefinition): Promise<void> {
    const errors = await this.registry.definitionProblems(em, definition);
    if (errors.length > 0) throw new DomainException('VALIDATION_FAILED', `The agenda definition has ${errors.length} problem(s)`, { errors });
  }

  requireAdminOf(facts: UserFacts, code: string): void {
    if (!mayAdministerAgenda(facts, code)) throw new DomainException('FORBIDDEN', `Only administrators of "${code}" may manage it`);
  }

  private requireCreator(facts: UserFacts): void {
    if (!mayCreateAgendas(facts)) throw new DomainException('FORBIDDEN', 'Only agenda administrators create agendas');
  }

  private requireSomeAdmin(facts: UserFacts): void {
    if (!mayCreateAgendas(facts) && grantedAdminAgendas(facts).length === 0) throw new DomainException('FORBIDDEN', 'Only agenda administrators manage agenda definitions');
  }

  private async versionRows(codes: string[]): Promise<VersionRow[]> {
    return this.ds.query(
      `SELECT v.agenda_code, v.version, v.status, v.created_by, v.created_at, v.published_at, v.updated_at,
              (SELECT count(*) FROM requests r WHERE r.agenda_code = v.agenda_code AND r.agenda_version = v.version AND NOT r.final) AS running
       FROM agenda_versions v WHERE v.agenda_code = ANY($1) ORDER BY v.agenda_code, v.version`,
      [codes],
    );
  }

  private async agendaExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM agendas WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  private async maxVersion(code: string, em: EntityManager = this.ds.manager): Promise<number> {
    const [row]: Array<{ max: number | null }> = await em.query(`SELECT max(version) AS max FROM agenda_versions WHERE agenda_code = $1`, [code]);
    return row?.max ?? 0;
  }

  /** Serialises draft creation per agenda (the one-draft index would otherwise answer 500 to the loser). */
  private async lockAgenda(em: EntityManager, code: string): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM agendas WHERE code = $1 FOR UPDATE`, [code]);
    return rows.length > 0;
  }

  private async refuseSecondDraft(em: EntityManager, code: string): Promise<void> {
    const [draft]: Array<{ version: number }> = await em.query(`SELECT version FROM agenda_versions WHERE agenda_code = $1 AND status = 'draft'`, [code]);
    if (draft) throw new DomainException('AGENDA_DRAFT_EXISTS', `"${code}" has a draft already (version ${draft.version}); edit or discard it first`, { version: draft.version });
  }
}

function toDesignerVersion(r: VersionRow): DesignerVersion {
  return {
    version: r.version,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    updatedAt: new Date(r.updated_at).toISOString(),
    runningRequests: Number(r.running),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The definition, or 400 VALIDATION_FAILED listing every problem with its place (JSON pointer). */
function validOrThrow(input: unknown): AgendaDefinition {
  const validated = validateDefinition(input);
  if (validated.ok) return validated.value;
  const errors: FieldError[] = validated.error;
  throw new DomainException('VALIDATION_FAILED', `The agenda definition has ${errors.length} problem(s)`, { errors });
}

function badSimulation(pointer: string, message: string): DomainException {
  return new DomainException('VALIDATION_FAILED', message, { errors: [{ pointer, rule: 'INVALID', message: { cs: message, en: message } }] });
}

function invalid(pointer: string, detail: string, message: { cs: string; en: string }): DomainException {
  return new DomainException('VALIDATION_FAILED', detail, { errors: [{ pointer, rule: 'INVALID', message }] });
}

function grantInput(body: unknown): AddGrantRequest {
  if (!isObject(body)) throw invalid('', 'a JSON object is required', { cs: 'očekáván objekt JSON', en: 'a JSON object is required' });
  const { subjectType, subject, grant } = body;
  if (subjectType !== 'user' && subjectType !== 'group' && subjectType !== 'role') {
    throw invalid('/subjectType', 'subjectType is user, group or role', { cs: 'osoba, skupina nebo role', en: 'user, group or role' });
  }
  if (typeof subject !== 'string' || subject.trim().length < 1 || subject.length > 500) throw invalid('/subject', 'subject is required', { cs: 'vyplňte komu', en: 'fill in whom' });
  if (grant !== 'officer' && grant !== 'admin' && grant !== 'auditor') throw invalid('/grant', 'grant is officer, admin or auditor', { cs: 'referent, správce nebo auditor', en: 'officer, admin or auditor' });
  return { subjectType, subject: subject.trim(), grant };
}

