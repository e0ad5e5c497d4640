import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AgendaVersionInfo, AgendaVersionStatus, FieldError } from '@agendy/shared/contracts';
import { agendaDefinitions } from '@agendy/workflow/agendas';
import type { AgendaDefinition } from '@agendy/workflow/engine';
import { derivePrefix } from './reference-prefix';

export interface PublishedAgenda {
  definition: AgendaDefinition;
  referencePrefix: string;
}

interface VersionRow {
  agenda_code: string;
  version: number;
  status: AgendaVersionStatus;
  created_by: string | null;
  created_at: Date;
  published_at: Date | null;
}

/**
 * A check another area runs on every definition the designer stores or publishes, inside the
 * designer's transaction (its own manager): feature-documents checks the agenda's document
 * templates against it (issue 20). Answers problems located in the definition document.
 */
export type DefinitionCheck = (em: EntityManager, definition: AgendaDefinition) => Promise<FieldError[]>;

/** How long the list of published versions is trusted before asking the database again (other replicas publish too). */
const PUBLISHED_TTL_MS = 5_000;

/**
 * Agenda definitions stored in PostgreSQL, versioned. Stored versions never change, so each is
 * parsed once and the same object is handed out for ever: the engine caches its compiled form
 * per definition object.
 */
@Injectable()
export class AgendaRegistry {
  private readonly versions = new Map<string, AgendaDefinition>();
  private published: { at: number; list: PublishedAgenda[] } | null = null;
  private readonly checks: DefinitionCheck[] = [];

  constructor(private readonly ds: DataSource) {}

  /** Registered by the areas that depend on definitions (they import this library; it cannot import them). */
  registerDefinitionCheck(check: DefinitionCheck): void {
    this.checks.push(check);
  }

  /** What the registered areas find wrong with a definition the designer is about to store. */
  async definitionProblems(em: EntityManager, definition: AgendaDefinition): Promise<FieldError[]> {
    const problems: FieldError[] = [];
    for (const check of this.checks) problems.push(...(await check(em, definition)));
    return problems;
  }

  /** Drops every cached definition: for tests that empty the database under a running app. */
  forgetCached(): void {
    this.versions.clear();
    this.published = null;
  }

  /**
   * The exact version a request runs on, or undefined. Inside a transaction pass its manager: a
   * version not cached yet is read through it, never through a second pool connection.
   */
  async version(code: string, version: number, em: EntityManager = this.ds.manager): Promise<AgendaDefinition | undefined> {
    const key = `${code}@${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const [row]: Array<{ definition: AgendaDefinition; status: AgendaVersionStatus }> = await em.query(
      `SELECT definition, status FROM agenda_versions WHERE agenda_code = $1 AND version = $2`,
      [code, version],
    );
    if (!row) return undefined;
    // Drafts change until published: only what can no longer change is cached.
    return row.status === 'draft' ? row.definition : this.remember(row.definition);
  }

  /** Published agendas, in name order. */
  async listPublished(em: EntityManager = this.ds.manager): Promise<PublishedAgenda[]> {
    if (this.published && Date.now() - this.published.at < PUBLISHED_TTL_MS) return this.published.list;
    const rows: Array<{ code: string; version: number; reference_prefix: string }> = await em.query(
      `SELECT code, published_version AS version, reference_prefix FROM agendas WHERE published_version IS NOT NULL ORDER BY code`,
    );
    const list: PublishedAgenda[] = [];
    for (const r of rows) {
      const definition = await this.version(r.code, r.version, em);
      if (definition) list.push({ definition, referencePrefix: r.reference_prefix });
    }
    list.sort((a, b) => a.definition.name.cs.localeCompare(b.definition.name.cs, 'cs'));
    this.published = { at: Date.now(), list };
    return list;
  }

  async findPublished(code: string, em: EntityManager = this.ds.manager): Promise<PublishedAgenda | undefined> {
    return (await this.listPublished(em)).find((p) => p.definition.code === code);
  }

  async referencePrefix(code: string, em: EntityManager = this.ds.manager): Promise<string | undefined> {
    const [row]: Array<{ reference_prefix: string }> = await em.query(`SELECT reference_prefix FROM agendas WHERE code = $1`, [code]);
    return row?.reference_prefix;
  }

  async listVersions(code: string): Promise<AgendaVersionInfo[]> {
    const rows: VersionRow[] = await this.ds.query(
      `SELECT agenda_code, version, status, created_by, created_at, published_at FROM agenda_versions WHERE agenda_code = $1 ORDER BY version`,
      [code],
    );
    return rows.map(toVersionInfo);
  }

  /**
   * Stores a validated definition as a new draft version. Returns undefined when that version
   * exists already (versions are immutable: raise the number instead).
   */
  async insertDraft(em: EntityManager, definition: AgendaDefinition, createdBy: string | null): Promise<AgendaVersionInfo | undefined> {
    return this.insertVersion(em, definition, createdBy, 'draft');
  }

  private async insertVersion(em: EntityManager, definition: AgendaDefinition, createdBy: string | null, status: AgendaVersionStatus): Promise<AgendaVersionInfo | undefined> {
    await this.ensureAgendaRow(em, definition.code);
    const rows: VersionRow[] = await em.query(
      `INSERT INTO agenda_versions (agenda_code, version, definition, status, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (agenda_code, version) DO NOTHING
       RETURNING agenda_code, version, status, created_by, created_at, published_at`,
      [definition.code, definition.version, JSON.stringify(definition), status, createdBy],
    );
    return rows[0] ? toVersionInfo(rows[0]) : undefined;
  }

  /** Replaces the definition of a draft. Undefined when that version is not a draft (or does not exist). */
  async updateDraft(em: EntityManager, definition: AgendaDefinition, updatedBy: string): Promise<AgendaVersionInfo | undefined> {
    const rows: VersionRow[] = await em.query(
      `WITH u AS (UPDATE agenda_versions SET definition = $3, updated_at = now(), updated_by = $4
       WHERE agenda_code = $1 AND version = $2 AND status = 'draft'
       RETURNING agenda_code, version, status, created_by, created_at, published_at) SELECT * FROM u`,
      [definition.code, definition.version, JSON.stringify(definition), updatedBy],
    );
    return rows[0] ? toVersionInfo(rows[0]) : undefined;
  }

  /** Stops filing: no published version any more, the published one becomes retired. False if no such agenda. */
  async retire(em: EntityManager, code: string): Promise<boolean> {
    const [agenda]: unknown[] = await em.query(`SELECT 1 FROM agendas WHERE code = $1 FOR UPDATE`, [code]);
    if (!agenda) return false;
    await em.query(`UPDATE agenda_versions SET status = 'retired' WHERE agenda_code = $1 AND status = 'published'`, [code]);
    await em.query(`UPDATE agendas SET published_version = NULL WHERE code = $1`, [code]);
    this.published = null;
    return true;
  }

  /** Makes a version the one new requests are filed under; the previous one is retired. Undefined if no such version. */
  async publish(em: EntityManager, code: string, version: number): Promise<AgendaVersionInfo | undefined> {
    const [agenda]: Array<{ published_version: number | null }> = await em.query(`SELECT published_version FROM agendas WHERE code = $1 FOR UPDATE`, [code]);
    if (!agenda) return undefined;
    const rows: VersionRow[] = await em.query(
      // Wrapped in a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
      `WITH u AS (UPDATE agenda_versions SET status = 'published', published_at = COALESCE(published_at, now()) WHERE agenda_code = $1 AND version = $2
       RETURNING agenda_code, version, status, created_by, created_at, published_at) SELECT * FROM u`,
      [code, version],
    );
    if (!rows[0]) return undefined;
    await em.query(`UPDATE agenda_versions SET status = 'retired' WHERE agenda_code = $1 AND version <> $2 AND status = 'published'`, [code, version]);
    await em.query(`UPDATE agendas SET published_version = $2 WHERE code = $1`, [code, version]);
    this.published = null;
    return toVersionInfo(rows[0]);
  }

  /**
   * Loads the agendas the office ships (libs/workflow/agendas) and publishes each if the agenda
   * has no newer published version. Idempotent: run by `cli setup` on every deployment.
   */
  async loadShipped(definitions: readonly AgendaDefinition[] = agendaDefinitions): Promise<{ inserted: number; published: number }> {
    let inserted = 0;
    let published = 0;
    for (const definition of definitions) {
      await this.ds.transaction(async (em) => {
        // Stored as retired until published below: an administrator's open draft of the same
        // agenda (one draft per agenda) must not stop a deployment.
        if (await this.insertVersion(em, definition, null, 'retired')) inserted++;
        else {
          const [taken]: Array<{ status: AgendaVersionStatus }> = await em.query(`SELECT status FROM agenda_versions WHERE agenda_code = $1 AND version = $2`, [
            definition.code,
            definition.version,
          ]);
          // The number belongs to an administrator's draft: never publish that behind their back.
          if (taken?.status === 'draft') return;
        }
        const [agenda]: Array<{ published_version: number | null }> = await em.query(`SELECT published_version FROM agendas WHERE code = $1 FOR UPDATE`, [definition.code]);
        if ((agenda.published_version ?? 0) < definition.version) {
          await this.publish(em, definition.code, definition.version);
          published++;
        }
      });
    }
    this.published = null;
    return { inserted, published };
  }

  private async ensureAgendaRow(em: EntityManager, code: string): Promise<void> {
    const [exists]: unknown[] = await em.query(`SELECT 1 FROM agendas WHERE code = $1`, [code]);
    if (exists) return;
    // Serialise prefix choice between concurrent imports of different agendas.
    await em.query(`SELECT pg_advisory_xact_lock(727274002)`);
    const taken: Array<{ reference_prefix: string }> = await em.query(`SELECT reference_prefix FROM agendas`);
    const prefix = derivePrefix(code, new Set(taken.map((t) => t.reference_prefix)));
    await em.query(`INSERT INTO agendas (code, reference_prefix) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [code, prefix]);
  }

  private remember(definition: AgendaDefinition): AgendaDefinition {
    const key = `${definition.code}@${definition.version}`;
    const existing = this.versions.get(key);
    if (existing) return existing;
    this.versions.set(key, definition);
    return definition;
  }
}

function toVersionInfo(r: VersionRow): AgendaVersionInfo {
  return {
    code: r.agenda_code,
    version: r.version,
    status: r.status,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
  };
}
