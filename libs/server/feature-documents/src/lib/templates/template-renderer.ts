import type { DocumentTemplateBody, TemplateBlock } from '@agendy/shared/contracts';
import type { DocumentBlock, DocumentSpec } from '@agendy/signing/pades';
import { checkTemplate, documentSignerCount, TEMPLATE_PLACEHOLDER, type AgendaDefinition, type FormData, type TemplateProblem } from '@agendy/workflow/engine';

/** What a template can refer to besides the form data. */
export interface TemplateContext {
  definition: AgendaDefinition;
  data: FormData;
  request: { id: string; reference: string; filerName: string; state: string };
  office: { name: string };
  /** Display names of users referenced by id in the data (user pickers). */
  userNames: ReadonlyMap<string, string>;
  now: Date;
}

// The placeholder grammar is the engine's, so that what the checker accepts is what is printed.
const PLACEHOLDER = new RegExp(TEMPLATE_PLACEHOLDER.source, 'g');

const czDate = (s: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  return m ? `${Number(m[3])}. ${Number(m[2])}. ${m[1]}` : s;
};
const czMoney = (v: unknown): string => (typeof v === 'number' ? `${new Intl.NumberFormat('cs-CZ', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v).replace(/\u00a0/g, ' ')} Kč` : '');

function lookup(path: string, root: Record<string, unknown>): unknown {
  let cur: unknown = root;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The label of a choice's value: a field's `options`, or for `row.x` in a table cell the column's. */
function optionLabel(ctx: TemplateContext, field: string, value: unknown, table?: string): string {
  const ui = ctx.definition.form.ui?.fields;
  const options = field.startsWith('row.') && table ? ui?.[table]?.columns?.[field.slice(4)]?.options : ui?.[field]?.options;
  return options?.[String(value)]?.cs ?? String(value);
}

function plain(ctx: TemplateContext, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => plain(ctx, v)).filter(Boolean).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return typeof o['name'] === 'string' ? o['name'] : '';
  }
  if (typeof value === 'boolean') return value ? 'ano' : 'ne';
  const s = String(value);
  return ctx.userNames.get(s) ?? s;
}

/**
 * Replaces {{data.x}}, {{label:x}}, {{date:x}}, {{money:x}}, {{attachments:x}}, {{request.reference}},
 * {{office.name}}, {{today}}; in a cell of table `table`, {{row.x}} and {{label:row.x}} too.
 */
export function fill(text: string, ctx: TemplateContext, row?: Record<string, unknown>, table?: string): string {
  return text.replace(PLACEHOLDER, (_m, fmt: string | undefined, path: string) => {
    const kind = fmt?.slice(0, -1);
    if (!kind) {
      if (path === 'today') return czDate(ctx.now.toISOString());
      const root = { data: ctx.data, request: ctx.request, office: ctx.office, row: row ?? {} };
      return plain(ctx, lookup(path, root));
    }
    const value = path.startsWith('row.') ? lookup(path.slice(4), row ?? {}) : ctx.data[path];
    switch (kind) {
      case 'label':
        return Array.isArray(value) ? value.map((v) => optionLabel(ctx, path, v, table)).join(', ') : value === undefined || value === null ? '' : optionLabel(ctx, path, value, table);
      case 'date':
        return typeof value === 'string' ? czDate(value) : '';
      case 'money':
        return czMoney(value);
      case 'attachments':
        return Array.isArray(value) ? value.map((a) => (a && typeof a === 'object' ? String((a as Record<string, unknown>)['name'] ?? '') : '')).filter(Boolean).join(', ') : '';
      default:
        return '';
    }
  });
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The most signers any requestSignatures effect of the agenda asks for on this document. */
export const signerSlotsFor = documentSignerCount;

/** The generic layout of an agenda without its own template: every form field with its label. */
export function genericTemplate(definition: AgendaDefinition, documentName: string, documentCode: string): DocumentTemplateBody {
  const order = definition.form.ui?.sections?.flatMap((s) => s.fields) ?? Object.keys((definition.form.schema as { properties?: object }).properties ?? {});
  const label = (f: string) => (definition.form.ui?.fields?.[f] as { label?: { cs: string } } | undefined)?.label?.cs ?? f;
  return {
    title: `${documentName} – {{request.reference}}`,
    blocks: [
      { type: 'fields', rows: order.map((f) => ({ label: label(f), value: `{{${(definition.form.ui?.fields?.[f] as { options?: unknown } | undefined)?.options ? 'label:' : 'data.'}${f}}}` })) },
      // Signature boxes only where the agenda asks someone to sign (the checker refuses empty ones).
      ...(documentSignerCount(definition, documentCode) > 0 ? [{ type: 'signatures' as const, heading: 'Podpisy' }] : []),
    ],
  };
}

/** Turns a template and a request into the renderer's document spec. */
export function buildDocumentSpec(body: DocumentTemplateBody, ctx: TemplateContext, documentCode: string, documentId: string): DocumentSpec {
  const blocks: DocumentBlock[] = [];
  for (const b of body.blocks as TemplateBlock[]) {
    if ('when' in b && b.when && isEmpty(ctx.data[b.when])) continue;
    switch (b.type) {
      case 'heading':
      case 'paragraph': {
        const text = fill(b.text, ctx).trim();
        if (text) blocks.push({ type: b.type, text });
        break;
      }
      case 'fields': {
        const rows = b.rows.map((r) => ({ label: fill(r.label, ctx), value: fill(r.value, ctx).trim() })).filter((r) => r.value && !/^[\s–-]*$/.test(r.value));
        if (rows.length) blocks.push({ type: 'keyValue', rows });
        break;
      }
      case 'table': {
        const items = Array.isArray(ctx.data[b.field]) ? (ctx.data[b.field] as Array<Record<string, unknown>>) : [];
        blocks.push({
          type: 'table',
          columns: b.columns.map((c) => ({ header: c.header, ...(c.width ? { width: c.width } : {}), ...(c.align ? { align: c.align } : {}) })),
          rows: items.map((row) => b.columns.map((c) => fill(c.value, ctx, row, b.field))),
        });
        break;
      }
      case 'spacer':
        blocks.push({ type: 'spacer', height: b.height });
        break;
      case 'signatures': {
        const count = signerSlotsFor(ctx.definition, documentCode);
        if (count > 0) blocks.push({ type: 'signatureSlots', count, ...(b.heading ? { heading: b.heading } : {}) });
        break;
      }
    }
  }
  return {
    office: { name: ctx.office.name, ...(body.department ? { department: body.department } : {}) },
    title: fill(body.title, ctx).replace(/\s+/g, ' ').trim() || ctx.definition.name.cs,
    referenceNumber: ctx.request.reference,
    fileMark: ctx.definition.records?.fileMark,
    date: ctx.now,
    blocks,
    documentId,
    metadata: { author: ctx.office.name, subject: ctx.definition.name.cs, keywords: [ctx.request.reference, ctx.definition.code], language: 'cs-CZ' },
  };
}

/**
 * Every problem of an administrator's template for document `documentCode` of the agenda: its
 * shape, and every field, filter, table and signature box it names that the agenda does not have
 * (issue 20). The renderer trusts what passes.
 */
export function templateProblems(definition: AgendaDefinition, documentCode: string, body: unknown): TemplateProblem[] {
  return checkTemplate(definition, documentCode, body);
}
