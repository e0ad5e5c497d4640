import type { LocalizedText } from '@agendy/shared/util';
import type { AgendaDefinition, EffectDefinition } from '../definition.types';
import { asSchema, followPath, rowSchemaOf } from '../validate-definition';

/**
 * The document template language (issue 20): what a template may print, and the check that refuses
 * a template naming a field, filter or party its agenda does not have. A template is data like the
 * agenda — the renderer (feature-documents) fills it, this checks it before it is saved, previewed,
 * shipped or published with a new version of its agenda, so a misspelt placeholder is an error at
 * save time instead of an empty line in a signed PDF.
 */

/** `{{data.amount}}`, `{{money:amount}}`, `{{row.cost}}`: an optional filter and a dotted path. */
export const TEMPLATE_PLACEHOLDER = /\{\{\s*([a-zA-Z]+:)?([a-zA-Z0-9_.]+)\s*\}\}/g;

/** Filters: how a field is printed. */
export const TEMPLATE_FILTERS = ['label', 'date', 'money', 'attachments'] as const;
export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number];

/** What `{{request.…}}` and `{{office.…}}` can print. */
export const TEMPLATE_REQUEST_KEYS = ['id', 'reference', 'filerName', 'state'] as const;
export const TEMPLATE_OFFICE_KEYS = ['name'] as const;

export type TemplateRule =
  | 'TEMPLATE_SHAPE'
  | 'UNKNOWN_DOCUMENT'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_FILTER'
  | 'WRONG_FILTER'
  | 'UNKNOWN_VARIABLE'
  | 'INVALID_PLACEHOLDER'
  | 'NOT_A_TABLE'
  | 'NO_SIGNERS';

/** One problem of a template, located by a JSON pointer into the template body. */
export interface TemplateProblem {
  pointer: string;
  rule: TemplateRule;
  message: LocalizedText;
}

const BLOCK_TYPES = new Set(['heading', 'paragraph', 'fields', 'table', 'spacer', 'signatures']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const problem = (pointer: string, rule: TemplateRule, cs: string, en: string): TemplateProblem => ({ pointer, rule, message: { cs, en } });

/**
 * Every problem of a template of document `documentCode` of the agenda: its shape, then every
 * placeholder, `when`, table and signature box against the agenda's form and workflow.
 */
export function checkTemplate(definition: AgendaDefinition, documentCode: string, body: unknown): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!definition.documents.some((d) => d.code === documentCode)) {
    problems.push(problem('', 'UNKNOWN_DOCUMENT', `Agenda „${definition.code}“ nemá dokument „${documentCode}“ (v části „documents“).`, `Agenda "${definition.code}" has no document "${documentCode}" (in "documents").`));
  }
  if (!isObj(body)) return [...problems, problem('', 'TEMPLATE_SHAPE', 'Šablona musí být objekt JSON.', 'The template must be a JSON object.')];
  const check = new TemplateChecker(definition, documentCode, problems);
  check.body(body);
  return problems;
}

class TemplateChecker {
  private readonly properties: Obj;

  constructor(
    private readonly def: AgendaDefinition,
    private readonly documentCode: string,
    private readonly problems: TemplateProblem[],
  ) {
    this.properties = asSchema(def.form.schema['properties']) ?? {};
  }

  body(b: Obj): void {
    if (typeof b['title'] !== 'string' || !b['title'].trim() || b['title'].length > 500) this.shape('/title', 'text o 1–500 znacích', 'a text of 1–500 characters');
    else this.text(b['title'], '/title');
    if (b['department'] !== undefined && typeof b['department'] !== 'string') this.shape('/department', 'text', 'a text');
    if (b['fileName'] !== undefined) {
      if (typeof b['fileName'] !== 'string') this.shape('/fileName', 'text', 'a text');
      else this.fileName(b['fileName']);
    }
    const blocks = b['blocks'];
    if (!Array.isArray(blocks) || blocks.length > 200) {
      this.shape('/blocks', 'seznam nejvýše 200 bloků', 'a list of at most 200 blocks');
      return;
    }
    blocks.forEach((raw, i) => this.block(raw, `/blocks/${i}`));
  }

  private block(raw: unknown, at: string): void {
    if (!isObj(raw) || !BLOCK_TYPES.has(String(raw['type']))) {
      this.shape(at, `neznámý druh bloku (${[...BLOCK_TYPES].join(', ')})`, `unknown block type (${[...BLOCK_TYPES].join(', ')})`);
      return;
    }
    const blk = raw;
    const str = (k: string) => typeof blk[k] === 'string' && (blk[k] as string).length <= 20000;
    if (blk['when'] !== undefined) {
      if (typeof blk['when'] !== 'string') this.shape(`${at}/when`, 'název pole', 'a field name');
      else if (!(blk['when'] in this.properties)) this.unknownField(`${at}/when`, blk['when']);
    }
    switch (blk['type']) {
      case 'heading':
      case 'paragraph':
        if (!str('text')) this.shape(`${at}/text`, 'text', 'a text');
        else this.text(blk['text'] as string, `${at}/text`);
        break;
      case 'fields': {
        const rows = blk['rows'];
        if (!Array.isArray(rows) || !rows.every((r) => isObj(r) && typeof r['label'] === 'string' && typeof r['value'] === 'string')) {
          this.shape(`${at}/rows`, 'seznam {label, value}', 'a list of {label, value}');
          break;
        }
        rows.forEach((r: Obj, j) => {
          this.text(r['label'] as string, `${at}/rows/${j}/label`);
          this.text(r['value'] as string, `${at}/rows/${j}/value`);
        });
        break;
      }
      case 'table':
        this.table(blk, at);
        break;
      case 'spacer':
        if (typeof blk['height'] !== 'number' || blk['height'] < 0 || blk['height'] > 500) this.shape(`${at}/height`, 'číslo 0–500', 'a number 0–500');
        break;
      case 'signatures':
        if (blk['heading'] !== undefined && typeof blk['heading'] !== 'string') this.shape(`${at}/heading`, 'text', 'a text');
        if (documentSignerCount(this.def, this.documentCode) === 0) {
          this.problems.push(
            problem(
              at,
              'NO_SIGNERS',
              `Agenda dokument „${this.documentCode}“ nikomu k podpisu nedává (žádný účinek „requestSignatures“), blok podpisů by zůstal prázdný.`,
              `The agenda asks nobody to sign document "${this.documentCode}" (no "requestSignatures" effect), so the signature block would stay empty.`,
            ),
          );
        }
        break;
    }
  }

  private table(blk: Obj, at: string): void {
    const field = blk['field'];
    let row: Obj | undefined;
    if (typeof field !== 'string') this.shape(`${at}/field`, 'pole formuláře s řádky tabulky', 'the form field holding the rows');
    else if (!(field in this.properties)) this.unknownField(`${at}/field`, field);
    else {
      row = rowOf(asSchema(this.properties[field]));
      if (!row) {
        this.problems.push(
          problem(`${at}/field`, 'NOT_A_TABLE', `Pole „${field}“ není tabulka (seznam řádků s vlastnostmi).`, `Field "${field}" is not a table (a list of rows with properties).`),
        );
      }
    }
    const columns = blk['columns'];
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => isObj(c) && typeof c['header'] === 'string' && typeof c['value'] === 'string')) {
      this.shape(`${at}/columns`, 'neprázdný seznam {header, value}', 'a non-empty list of {header, value}');
      return;
    }
    columns.forEach((c: Obj, j) => {
      this.text(c['header'] as string, `${at}/columns/${j}/header`);
      this.text(c['value'] as string, `${at}/columns/${j}/value`, { field: typeof field === 'string' ? field : '?', row });
    });
  }

  /** Every `{{…}}` of a text. `table`: the text is a cell of a table (`row.…` is its row). */
  private text(text: string, at: string, table?: { field: string; row: Obj | undefined }): void {
    for (const m of text.matchAll(/\{\{(.*?)\}\}/g)) {
      const inner = m[1];
      const parsed = /^\s*(?:([a-zA-Z]+):)?([a-zA-Z0-9_.]+)\s*$/.exec(inner);
      if (!parsed) {
        this.problems.push(
          problem(at, 'INVALID_PLACEHOLDER', `„{{${inner}}}“ není platné pole šablony: píše se {{data.pole}} nebo {{filtr:pole}}.`, `"{{${inner}}}" is not a valid placeholder: write {{data.field}} or {{filter:field}}.`),
        );
        continue;
      }
      const [, filter, path] = parsed;
      if (filter !== undefined) this.filtered(filter, path, at, table);
      else this.plain(path, at, table);
    }
  }

  private plain(path: string, at: string, table?: { field: string; row: Obj | undefined }): void {
    const [root, ...rest] = path.split('.');
    if (root === 'today' && rest.length === 0) return;
    if (root === 'data') {
      if (rest.length === 0) return this.unknownVariable(at, path);
      if (!(rest[0] in this.properties)) return this.unknownField(at, rest[0], path);
      const found = followPath(this.def.form.schema, rest);
      if (!found.ok) this.unknownField(at, rest.slice(0, found.index + 1).join('.'), path);
      return;
    }
    if (root === 'row') {
      this.rowField(rest, at, path, table);
      return;
    }
    if (root === 'request' && rest.length === 1 && (TEMPLATE_REQUEST_KEYS as readonly string[]).includes(rest[0])) return;
    if (root === 'office' && rest.length === 1 && (TEMPLATE_OFFICE_KEYS as readonly string[]).includes(rest[0])) return;
    this.unknownVariable(at, path);
  }

  private filtered(filter: string, path: string, at: string, table?: { field: string; row: Obj | undefined }): void {
    if (!(TEMPLATE_FILTERS as readonly string[]).includes(filter)) {
      this.problems.push(
        problem(at, 'UNKNOWN_FILTER', `Šablona nezná filtr „${filter}:“ (zná: ${TEMPLATE_FILTERS.join(', ')}).`, `Templates have no filter "${filter}:" (they have: ${TEMPLATE_FILTERS.join(', ')}).`),
      );
      return;
    }
    // A filter takes a field name (`money:amount`) or, in a table cell, a column of its row (`money:row.cost`).
    let schema: Obj | undefined;
    let options: Record<string, unknown> | undefined;
    if (path.startsWith('row.')) {
      const column = path.slice(4);
      if (!this.rowField([column], at, path, table)) return;
      schema = asSchema(table?.row?.[column]);
      options = this.def.form.ui.fields[table?.field ?? '']?.columns?.[column]?.options;
    } else {
      if (!(path in this.properties)) return this.unknownField(at, path, `${filter}:${path}`);
      schema = asSchema(this.properties[path]);
      options = this.def.form.ui.fields[path]?.options;
    }
    const fits = filterFits(filter as TemplateFilter, schema, options);
    if (fits) return;
    const need = FILTER_NEEDS[filter as TemplateFilter];
    this.problems.push(problem(at, 'WRONG_FILTER', `„{{${filter}:${path}}}“: ${need.cs}.`, `"{{${filter}:${path}}}": ${need.en}.`));
  }

  /** `row.x` is a cell of a table: only inside a table column, and `x` must be a property of its rows. */
  private rowField(rest: string[], at: string, path: string, table?: { field: string; row: Obj | undefined }): boolean {
    if (!table) {
      this.problems.push(problem(at, 'UNKNOWN_VARIABLE', `„${path}“ lze použít jen ve sloupci bloku „table“ (řádek tabulky).`, `"${path}" can only be used in a column of a "table" block (a row of the table).`));
      return false;
    }
    if (!table.row) return false; // the table itself is reported
    const found = rest.length > 0 && followPath(table.row, rest);
    if (found && found.ok) return true;
    const known = Object.keys(asSchema(table.row['properties']) ?? {});
    this.problems.push(
      problem(
        at,
        'UNKNOWN_FIELD',
        `Řádek tabulky „${table.field}“ nemá pole „${rest.join('.')}“ (pole řádku: ${known.join(', ')}).`,
        `A row of table "${table.field}" has no field "${rest.join('.')}" (the row's fields: ${known.join(', ')}).`,
      ),
    );
    return false;
  }

  /** A file name takes `{{data.x}}` and `{{request.x}}` only: it is filled without filters. */
  private fileName(text: string): void {
    for (const m of text.matchAll(/\{\{(.*?)\}\}/g)) {
      const path = m[1].trim();
      if (/^data\.[a-zA-Z0-9_]+$/.test(path) || /^request\.[a-zA-Z]+$/.test(path)) this.plain(path, '/fileName');
      else {
        this.problems.push(
          problem('/fileName', 'INVALID_PLACEHOLDER', `V názvu souboru lze použít jen {{data.pole}} a {{request.…}}, ne „{{${m[1]}}}“.`, `A file name takes {{data.field}} and {{request.…}} only, not "{{${m[1]}}}".`),
        );
      }
    }
  }

  private shape(pointer: string, cs: string, en: string): void {
    this.problems.push(problem(pointer, 'TEMPLATE_SHAPE', `${pointer || '/'}: ${cs}`, `${pointer || '/'}: ${en}`));
  }

  private unknownField(at: string, name: string, written?: string): void {
    const as = written && written !== name ? ` („${written}“)` : '';
    const asEn = written && written !== name ? ` ("${written}")` : '';
    this.problems.push(problem(at, 'UNKNOWN_FIELD', `Formulář agendy nemá pole „${name}“${as}.`, `The agenda's form has no field "${name}"${asEn}.`));
  }

  private unknownVariable(at: string, path: string): void {
    this.problems.push(
      problem(
        at,
        'UNKNOWN_VARIABLE',
        `Šablona nezná „${path}“: tiskne {{data.pole}}, {{request.reference}}, {{request.filerName}}, {{office.name}}, {{today}} a v tabulce {{row.pole}}.`,
        `Templates know no "${path}": they print {{data.field}}, {{request.reference}}, {{request.filerName}}, {{office.name}}, {{today}} and in a table {{row.field}}.`,
      ),
    );
  }
}

const FILTER_NEEDS: Record<TemplateFilter, LocalizedText> = {
  label: { cs: '„label:“ tiskne popisek volby, pole musí mít „options“ v „form.ui“', en: '"label:" prints the label of a choice, the field needs "options" in "form.ui"' },
  date: { cs: '„date:“ tiskne datum, pole musí mít "format": "date" nebo "date-time"', en: '"date:" prints a date, the field needs "format": "date" or "date-time"' },
  money: { cs: '„money:“ tiskne částku, pole musí být číslo („number“ nebo „integer“)', en: '"money:" prints an amount, the field must be a number ("number" or "integer")' },
  attachments: { cs: '„attachments:“ tiskne názvy příloh, pole musí být seznam příloh', en: '"attachments:" prints file names, the field must be a list of attachments' },
};

function filterFits(filter: TemplateFilter, schema: Obj | undefined, options: Record<string, unknown> | undefined): boolean {
  if (!schema) return true; // an open schema ($ref, no type): nothing to hold it against
  const type = schema['type'];
  switch (filter) {
    case 'label':
      return options !== undefined && Object.keys(options).length > 0;
    case 'date':
      return schema['format'] === 'date' || schema['format'] === 'date-time';
    case 'money':
      return type === 'number' || type === 'integer';
    case 'attachments':
      return type === 'array';
  }
}

/** The row schema of a table field (an array of objects with properties). */
function rowOf(schema: Obj | undefined): Obj | undefined {
  const row = schema ? rowSchemaOf(schema) : undefined;
  return row && asSchema(row['properties']) ? row : undefined;
}

/** The most signers any `requestSignatures` of the agenda asks for on this document: its signature boxes. */
export function documentSignerCount(definition: AgendaDefinition, documentCode: string): number {
  let max = 0;
  const visit = (effects: EffectDefinition[] | undefined) => {
    for (const e of effects ?? []) if (e.type === 'requestSignatures' && e.document === documentCode) max = Math.max(max, e.signers.length);
  };
  for (const s of definition.workflow.states) {
    visit(s.onEnter);
    visit(s.approval?.onApproved.effects);
    visit(s.approval?.onRejected.effects);
  }
  for (const t of definition.workflow.transitions) visit(t.effects);
  return max;
}

/** Where a template problem sits in the agenda definition, for answers about the definition (designer import and publish). */
export function templateProblemInDefinition(definition: AgendaDefinition, documentCode: string, p: TemplateProblem): { pointer: string; rule: TemplateRule; message: LocalizedText } {
  const index = definition.documents.findIndex((d) => d.code === documentCode);
  const where = p.pointer || '/';
  return {
    pointer: index >= 0 ? `/documents/${index}` : '/documents',
    rule: p.rule,
    message: { cs: `Šablona „${documentCode}“ (${where}): ${p.message.cs}`, en: `Template "${documentCode}" (${where}): ${p.message.en}` },
  };
}
