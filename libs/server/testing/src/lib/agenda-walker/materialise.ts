import type { Actor, AgendaDefinition, FormData, JsonSchema, Widget } from '@agendy/workflow/engine';
import type { WalkDirectory, WalkPerson } from './directory';
import { agendaRolesOf } from './directory';
import type { Rng } from './rng';
import { shuffled } from './rng';

/**
 * Turning engine-level fixture data (libs/workflow/agendas/src/fixtures) into data the real API
 * accepts. The fixtures name people and departments by made-up ids (`tomas.kral`, `OE`) and carry
 * attachment objects for files nobody uploaded; the form's UI hints say which fields hold what
 * (`user`, `users`, `department`, `departments`, `file`), so the translation follows the widgets,
 * not a list of field names — a new agenda needs no change here.
 */

/** What an attachment field holds (the engine's attachment schema). */
export interface AttachmentRef {
  fileId: string;
  name: string;
  mediaType?: string;
  size?: number;
}

/** The three translations; `file` uploads (the only one with I/O, hence async). */
export interface Materialiser {
  user(fixtureId: string): string;
  department(fixtureCode: string): string;
  file(attachment: AttachmentRef): Promise<AttachmentRef>;
}

type Kind = 'user' | 'department' | 'file' | 'table' | 'plain';

function kindOf(widget: Widget | undefined): Kind {
  switch (widget) {
    case 'user':
    case 'users':
      return 'user';
    case 'department':
    case 'departments':
      return 'department';
    case 'file':
      return 'file';
    case 'table':
      return 'table';
    default:
      return 'plain';
  }
}

const isAttachment = (v: unknown): v is AttachmentRef => !!v && typeof v === 'object' && typeof (v as AttachmentRef).fileId === 'string' && typeof (v as AttachmentRef).name === 'string';

async function translate(kind: Kind, value: unknown, m: Materialiser): Promise<unknown> {
  if (Array.isArray(value) && kind !== 'table') return Promise.all(value.map((v) => translate(kind, v, m)));
  switch (kind) {
    case 'user':
      return typeof value === 'string' ? m.user(value) : value;
    case 'department':
      return typeof value === 'string' ? m.department(value) : value;
    case 'file':
      return isAttachment(value) ? m.file(value) : value;
    default:
      return value;
  }
}

/**
 * The data with every person, department and file replaced by a real one, following the form's
 * widgets (table columns too). Fields the form does not know are left as they are; the input is
 * not changed.
 */
export async function materialise(definition: AgendaDefinition, data: FormData, m: Materialiser): Promise<FormData> {
  const fields = definition.form.ui.fields;
  const out: FormData = {};
  for (const [name, value] of Object.entries(data)) {
    const ui = fields[name];
    const kind = kindOf(ui?.widget);
    if (kind === 'table' && Array.isArray(value) && ui?.columns) {
      const columns = ui.columns;
      out[name] = await Promise.all(
        value.map(async (row) => {
          if (!row || typeof row !== 'object') return row;
          const next: Record<string, unknown> = {};
          for (const [col, cell] of Object.entries(row as Record<string, unknown>)) next[col] = await translate(kindOf(columns[col]?.widget), cell, m);
          return next;
        }),
      );
    } else {
      out[name] = await translate(kind, value, m);
    }
  }
  return out;
}

/** The attachment fields of a form (widget `file`), e.g. to leave them out of a filing made before any upload. */
export function fileFields(definition: AgendaDefinition): string[] {
  return Object.entries(definition.form.ui.fields)
    .filter(([, ui]) => ui.widget === 'file')
    .map(([name]) => name);
}

const DAY_MS = 86_400_000;

function shiftOne(value: string, format: 'date' | 'date-time', days: number, today: string): string {
  if (value.slice(0, 10) <= today) return value;
  const shifted = new Date(Date.parse(format === 'date' ? `${value}T00:00:00Z` : value) + days * DAY_MS);
  if (Number.isNaN(shifted.getTime())) return value;
  if (format === 'date') return shifted.toISOString().slice(0, 10);
  // Keep the fixture's own notation (e.g. "…T08:00:00Z" without milliseconds).
  return value.replace(/^\d{4}-\d{2}-\d{2}/, shifted.toISOString().slice(0, 10));
}

function shiftBySchema(value: unknown, schema: JsonSchema | undefined, days: number, today: string): unknown {
  if (!schema) return value;
  const format = schema['format'];
  if (typeof value === 'string' && (format === 'date' || format === 'date-time')) return shiftOne(value, format, days, today);
  if (Array.isArray(value)) return value.map((v) => shiftBySchema(v, schema['items'] as JsonSchema | undefined, days, today));
  if (value && typeof value === 'object') {
    const props = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shiftBySchema(v, props[k], days, today)]));
  }
  return value;
}

/**
 * Moves every future date and date-time of the data (by the form schema's `format`) by whole days.
 * Concurrent walks of one agenda would otherwise all ask for the same room at the same hour, or the
 * same person's leave on the same days, and most of them would be refused for that alone. Dates up
 * to `today` stay: they record what happened (a forgotten clock-out, a signing date) and guards
 * check them against today. Use multiples of 7 days to keep weekdays (booking rules look at them).
 */
export function shiftFutureDates(definition: AgendaDefinition, data: FormData, days: number, today: string): FormData {
  if (days === 0) return data;
  return shiftBySchema(data, definition.form.schema, days, today) as FormData;
}

/**
 * The fixture's made-up people and departments mapped onto the directory, consistently within one
 * walk (the same fixture id is always the same person) and distinctly (two fixture ids are two
 * people, as long as there are enough). A fixture actor who holds a special role (a technician, say)
 * becomes a real holder of that role in this agenda; everybody else becomes someone other than the
 * filer, because fixtures use a different person whenever the filer would not do (deputies,
 * evaluators who may not be the applicant).
 */
export class FixtureIdentities {
  private readonly users = new Map<string, string>();
  private readonly departments = new Map<string, string>();

  constructor(
    private readonly directory: WalkDirectory,
    private readonly definition: AgendaDefinition,
    private readonly filer: WalkPerson,
    private readonly fixtureActors: readonly Actor[],
    private readonly rng: Rng,
  ) {}

  user(fixtureId: string): string {
    const known = this.users.get(fixtureId);
    if (known) return known;
    const real = this.directory.people.find((p) => p.id === fixtureId || p.username === fixtureId);
    const chosen = real ?? this.choosePerson(fixtureId);
    this.users.set(fixtureId, chosen.id);
    return chosen.id;
  }

  department(fixtureCode: string): string {
    const known = this.departments.get(fixtureCode);
    if (known) return known;
    const used = new Set(this.departments.values());
    const headed = this.directory.departments.filter((d) => d.headId && !used.has(d.id));
    // A department with nobody at its head would never answer (comment rounds wait for its head).
    const sameCode = headed.find((d) => d.code === fixtureCode);
    const pool = sameCode ? [sameCode] : headed.length ? headed : this.directory.departments.filter((d) => !used.has(d.id));
    const chosen = shuffled(this.rng, pool.length ? pool : this.directory.departments)[0];
    if (!chosen) throw new Error('the directory has no departments');
    this.departments.set(fixtureCode, chosen.id);
    return chosen.id;
  }

  private choosePerson(fixtureId: string): WalkPerson {
    const used = new Set(this.users.values());
    const actor = this.fixtureActors.find((a) => a.userId === fixtureId);
    const special = (actor?.roles ?? []).filter((r) => r !== 'employee');
    const others = this.directory.people.filter((p) => p.id !== this.filer.id);
    const holders = special.length ? others.filter((p) => special.some((r) => agendaRolesOf(p, this.definition).includes(r))) : [];
    const tiers = [holders.filter((p) => !used.has(p.id)), holders, others.filter((p) => !used.has(p.id)), others, this.directory.people];
    const pool = tiers.find((t) => t.length > 0);
    if (!pool) throw new Error('the directory has no people');
    return shuffled(this.rng, pool)[0];
  }
}
