import fontkit from '@pdf-lib/fontkit';
import { createHash, randomUUID } from 'node:crypto';
import { PDFDocument, PDFFont, PDFHexString, PDFName, PDFPage, PDFString, rgb } from 'pdf-lib';
import { loadFont } from '../fonts/fonts';
import { wrapText } from './text-layout';
import { buildXmp } from './xmp';

export type DocumentBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'keyValue'; rows: { label: string; value: string }[] }
  | {
      type: 'table';
      columns: { header: string; /** relative width */ width?: number; align?: 'left' | 'right' }[];
      rows: string[][];
    }
  | { type: 'spacer'; height: number }
  /** Empty boxes for visible signatures, two per row; their places are returned by renderDocument(). */
  | { type: 'signatureSlots'; count: number; heading?: string };

/** Where a visible signature goes: 0-based page and [x1, y1, x2, y2] in points. */
export interface SignatureSlot {
  page: number;
  rect: [number, number, number, number];
}

export interface DocumentSpec {
  office: { name: string; department?: string; addressLines?: string[] };
  title: string;
  /** Číslo jednací, printed as "Č. j.: …". */
  referenceNumber?: string;
  /** Spisová značka. */
  fileMark?: string;
  date?: Date;
  blocks: DocumentBlock[];
  /** Stable document id (UUID): XMP DocumentID, trailer /ID and the footer. Default random. */
  documentId?: string;
  metadata?: { author?: string; subject?: string; keywords?: string[]; language?: string };
  /** sRGB (or other) ICC profile: adds the PDF/A OutputIntent; with it the XMP claims PDF/A-2B. */
  iccProfile?: Uint8Array;
  timeZone?: string;
  /** Override fonts (TTF bytes); default the bundled DejaVu Sans. */
  fonts?: { regular: Uint8Array; bold: Uint8Array };
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = { left: 56, right: 56, top: 56, bottom: 64 };
const INK = rgb(0, 0, 0);
const MUTED = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.6, 0.6, 0.6);
const PRODUCER = 'Agendy (pdf-lib)';

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Flowing layout with automatic page breaks. */
class Flow {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly spec: DocumentSpec,
  ) {
    this.newPage();
  }

  get width(): number {
    return A4[0] - MARGIN.left - MARGIN.right;
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = A4[1] - MARGIN.top;
    this.drawOfficeHeader();
  }

  /** Starts a new page when `height` does not fit; returns whether it did. */
  ensure(height: number): boolean {
    if (this.y - height < MARGIN.bottom) {
      this.newPage();
      return true;
    }
    return false;
  }

  text(s: string, x: number, size: number, font: PDFFont = this.fonts.regular, color = INK): void {
    this.page.drawText(s, { x, y: this.y - size, size, font, color });
  }

  rule(y = this.y): void {
    this.page.drawLine({ start: { x: MARGIN.left, y }, end: { x: A4[0] - MARGIN.right, y }, thickness: 0.5, color: RULE });
  }

  private drawOfficeHeader(): void {
    const { office } = this.spec;
    this.text(office.name, MARGIN.left, 13, this.fonts.bold);
    this.y -= 17;
    for (const line of [office.department, ...(office.addressLines ?? [])].filter((l): l is string => !!l)) {
      this.text(line, MARGIN.left, 9, this.fonts.regular, MUTED);
      this.y -= 12;
    }
    this.y -= 4;
    this.rule();
    this.y -= 14;
  }
}

function drawParagraph(flow: Flow, text: string, size = 10.5, font = flow.fonts.regular): void {
  const leading = size * 1.35;
  for (const line of wrapText(text, font, size, flow.width)) {
    flow.ensure(leading);
    flow.text(line, MARGIN.left, size, font);
    flow.y -= leading;
  }
  flow.y -= 6;
}

function drawKeyValue(flow: Flow, rows: { label: string; value: string }[]): void {
  const size = 10.5;
  const leading = size * 1.35;
  const labelWidth = Math.min(
    flow.width * 0.4,
    Math.max(...rows.map((r) => flow.fonts.bold.widthOfTextAtSize(`${r.label}:`, size))) + 12,
  );
  for (const row of rows) {
    const lines = wrapText(row.value, flow.fonts.regular, size, flow.width - labelWidth);
    const labelLines = wrapText(`${row.label}:`, flow.fonts.bold, size, labelWidth - 8);
    const n = Math.max(lines.length, labelLines.length);
    if (n * leading <= A4[1] - MARGIN.top - MARGIN.bottom - 120) flow.ensure(n * leading);
    for (let i = 0; i < n; i++) {
      flow.ensure(leading);
      if (labelLines[i]) flow.text(labelLines[i], MARGIN.left, size, flow.fonts.bold);
      if (lines[i]) flow.text(lines[i], MARGIN.left + labelWidth, size);
      flow.y -= leading;
    }
    flow.y -= 2;
  }
  flow.y -= 6;
}

function drawTable(flow: Flow, block: Extract<DocumentBlock, { type: 'table' }>): void {
  const size = 9.5;
  const leading = size * 1.3;
  const pad = 4;
  const total = block.columns.reduce((s, c) => s + (c.width ?? 1), 0);
  const widths = block.columns.map((c) => ((c.width ?? 1) / total) * flow.width);
  const drawRow = (cells: string[], font: PDFFont, header: boolean) => {
    const wrapped = cells.map((c, i) => wrapText(c ?? '', font, size, widths[i] - 2 * pad));
    const height = Math.max(1, ...wrapped.map((w) => w.length)) * leading + 2 * pad;
    const broke = flow.ensure(height);
    if (broke && !header) drawRow(block.columns.map((c) => c.header), flow.fonts.bold, true); // repeat header
    const top = flow.y;
    let x = MARGIN.left;
    if (header) {
      flow.page.drawRectangle({ x, y: top - height, width: flow.width, height, color: rgb(0.92, 0.93, 0.96) });
    }
    wrapped.forEach((lines, i) => {
      lines.forEach((line, j) => {
        const lineWidth = font.widthOfTextAtSize(line, size);
        const tx = block.columns[i].align === 'right' ? x + widths[i] - pad - lineWidth : x + pad;
        flow.page.drawText(line, { x: tx, y: top - pad - size - j * leading + 1.5, size, font, color: INK });
      });
      flow.page.drawRectangle({ x, y: top - height, width: widths[i], height, borderColor: RULE, borderWidth: 0.5 });
      x += widths[i];
    });
    flow.y -= height;
  };
  flow.ensure(2 * (leading + 2 * pad));
  drawRow(block.columns.map((c) => c.header), flow.fonts.bold, true);
  for (const row of block.rows) drawRow(row, flow.fonts.regular, false);
  flow.y -= 12;
}

export function formatCzechDate(d: Date, timeZone = 'Europe/Prague'): string {
  const p = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(d);
  const v = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${v('day')}. ${v('month')}. ${v('year')}`;
}

/**
 * Renders an office document: header with the office, title, reference number, the blocks
 * (paragraphs, key-value pairs, tables with repeated headers) with page breaks, and a footer with
 * the document id and "Strana X z Y". Fonts are embedded (subset), metadata is in the Info
 * dictionary and in XMP; the trailer /ID derives from the document id.
 */
export async function renderPdf(spec: DocumentSpec): Promise<Uint8Array> {
  return (await renderDocument(spec)).pdf;
}

const SLOT_HEIGHT = 62;
const SLOT_GAP = 12;

function drawSignatureSlots(flow: Flow, block: Extract<DocumentBlock, { type: 'signatureSlots' }>, slots: SignatureSlot[]): void {
  if (block.heading) {
    flow.ensure(40 + SLOT_HEIGHT);
    drawParagraph(flow, block.heading, 11, flow.fonts.bold);
  }
  const w = (flow.width - SLOT_GAP) / 2;
  for (let i = 0; i < block.count; i += 2) {
    flow.ensure(SLOT_HEIGHT + SLOT_GAP);
    const top = flow.y;
    for (let j = 0; j < 2 && i + j < block.count; j++) {
      const x = MARGIN.left + j * (w + SLOT_GAP);
      slots.push({ page: flow.pages.length - 1, rect: [x, top - SLOT_HEIGHT, x + w, top] });
    }
    flow.y -= SLOT_HEIGHT + SLOT_GAP;
  }
}

/** renderPdf() plus the places of the signature slots. */
export async function renderDocument(spec: DocumentSpec): Promise<{ pdf: Uint8Array; signatureSlots: SignatureSlot[] }> {
  const slots: SignatureSlot[] = [];
  const created = new Date(Math.floor((spec.date ?? new Date()).getTime() / 1000) * 1000);
  const documentId = spec.documentId ?? randomUUID();
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const fonts: Fonts = {
    regular: await doc.embedFont(spec.fonts?.regular ?? loadFont('regular'), { subset: true }),
    bold: await doc.embedFont(spec.fonts?.bold ?? loadFont('bold'), { subset: true }),
  };
  const flow = new Flow(doc, fonts, spec);

  // title block
  drawParagraph(flow, spec.title, 15, fonts.bold);
  const meta: string[] = [];
  if (spec.referenceNumber) meta.push(`Č. j.: ${spec.referenceNumber}`);
  if (spec.fileMark) meta.push(`Sp. zn.: ${spec.fileMark}`);
  meta.push(`Datum: ${formatCzechDate(created, spec.timeZone)}`);
  for (const m of meta) {
    flow.ensure(13);
    flow.text(m, MARGIN.left, 10, fonts.regular, MUTED);
    flow.y -= 13;
  }
  flow.y -= 10;

  for (const block of spec.blocks) {
    switch (block.type) {
      case 'heading':
        flow.ensure(40);
        flow.y -= 4;
        drawParagraph(flow, block.text, 12, fonts.bold);
        break;
      case 'paragraph':
        drawParagraph(flow, block.text);
        break;
      case 'keyValue':
        drawKeyValue(flow, block.rows);
        break;
      case 'table':
        drawTable(flow, block);
        break;
      case 'spacer':
        if (!flow.ensure(block.height)) flow.y -= block.height;
        break;
      case 'signatureSlots':
        drawSignatureSlots(flow, block, slots);
        break;
    }
  }

  // footers
  const total = flow.pages.length;
  flow.pages.forEach((page, i) => {
    const y = MARGIN.bottom - 28;
    page.drawLine({ start: { x: MARGIN.left, y: y + 14 }, end: { x: A4[0] - MARGIN.right, y: y + 14 }, thickness: 0.5, color: RULE });
    const left = [spec.referenceNumber ? `Č. j.: ${spec.referenceNumber}` : undefined, `ID dokumentu: ${documentId}`]
      .filter(Boolean)
      .join('  ·  ');
    page.drawText(left, { x: MARGIN.left, y, size: 7.5, font: fonts.regular, color: MUTED });
    const pageLabel = `Strana ${i + 1} z ${total}`;
    const w = fonts.regular.widthOfTextAtSize(pageLabel, 8);
    page.drawText(pageLabel, { x: A4[0] - MARGIN.right - w, y, size: 8, font: fonts.regular, color: MUTED });
  });

  // metadata: Info dictionary + XMP (kept identical), language, document id
  const language = spec.metadata?.language ?? 'cs-CZ';
  doc.setTitle(spec.title, { showInWindowTitleBar: true });
  if (spec.metadata?.author) doc.setAuthor(spec.metadata.author);
  if (spec.metadata?.subject) doc.setSubject(spec.metadata.subject);
  if (spec.metadata?.keywords?.length) doc.setKeywords(spec.metadata.keywords);
  doc.setCreator(spec.office.name);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  doc.setLanguage(language);
  const ctx = doc.context;
  const xmp = buildXmp({
    title: spec.title,
    author: spec.metadata?.author,
    subject: spec.metadata?.subject,
    keywords: spec.metadata?.keywords,
    creator: spec.office.name,
    producer: PRODUCER,
    created,
    documentId,
    instanceId: documentId,
    language,
    pdfaPart: spec.iccProfile ? 2 : undefined,
    pdfaConformance: 'B',
  });
  const metadata = ctx.stream(Buffer.from(xmp, 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(metadata));
  if (spec.iccProfile) {
    const icc = ctx.flateStream(spec.iccProfile, { N: 3 });
    doc.catalog.set(
      PDFName.of('OutputIntents'),
      ctx.obj([
        ctx.obj({
          Type: 'OutputIntent',
          S: 'GTS_PDFA1',
          OutputConditionIdentifier: PDFString.of('sRGB'),
          DestOutputProfile: ctx.register(icc),
        }),
      ]),
    );
  }
  const idHex = PDFHexString.of(
    /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(documentId)
      ? documentId.replace(/-/g, '').toUpperCase()
      : createHash('sha256').update(documentId).digest('hex').slice(0, 32).toUpperCase(),
  );
  ctx.trailerInfo.ID = ctx.obj([idHex, idHex]);
  return { pdf: await doc.save({ useObjectStreams: false }), signatureSlots: slots };
}
