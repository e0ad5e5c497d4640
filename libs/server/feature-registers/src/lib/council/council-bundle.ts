import { loadFont } from '@agendy/signing/pades';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFFont, PDFPage, rgb } from 'pdf-lib';


export interface BundleMaterial {
  position: number;
  reference: string;
  title: string;
  materialType: string | null;
  proposedResolution: string | null;
  explanatoryReport: string | null;
  resolutionNumber: string | null;
  resolutionOutcome: string | null;
  /** The signed material (bytes from the documents area); absent: a page is rendered from the form. */
  signedPdf: Uint8Array | null;
}

export interface BundleSession {
  title: string;
  sessionDate: string;
  place: string | null;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

const czDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${day}. ${m}. ${y}`;
};

/**
 * One PDF for a council session: a cover with the table of contents (material, reference, first
 * page), then every material in order — its signed PDF copied as it is, or a rendered page when
 * no signed PDF exists yet. Page numbers in the contents are those of the bundle.
 */
export async function councilBundlePdf(session: BundleSession, materials: readonly BundleMaterial[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`${session.title} – ${czDate(session.sessionDate)}`);
  doc.setLanguage('cs-CZ');
  doc.setCreator('Agendy');
  const regular = await doc.embedFont(loadFont('regular'), { subset: true });
  const bold = await doc.embedFont(loadFont('bold'), { subset: true });
  const width = A4[0] - 2 * MARGIN;

  // The contents need the page numbers, which need the contents' own length: one TOC page holds 30 lines.
  const tocPages = Math.max(1, Math.ceil(materials.length / 30));
  const toc: PDFPage[] = [];
  for (let i = 0; i < tocPages; i++) toc.push(doc.addPage(A4));

  const starts: number[] = [];
  for (const m of materials) {
    starts.push(doc.getPageCount() + 1);
    let copied = false;
    if (m.signedPdf) {
      try {
        const src = await PDFDocument.load(m.signedPdf, { ignoreEncryption: false });
        for (const p of await doc.copyPages(src, src.getPageIndices())) doc.addPage(p);
        copied = true;
      } catch {
        copied = false;
      }
    }
    if (!copied) renderMaterial(doc, m, regular, bold, width);
  }

  let page = toc[0];
  let y = A4[1] - MARGIN;
  page.drawText(session.title, { x: MARGIN, y, size: 18, font: bold });
  y -= 24;
  page.drawText(`Datum zasedání: ${czDate(session.sessionDate)}${session.place ? ` · ${session.place}` : ''}`, { x: MARGIN, y, size: 11, font: regular });
  y -= 30;
  page.drawText('Obsah', { x: MARGIN, y, size: 14, font: bold });
  y -= 22;
  materials.forEach((m, i) => {
    if (i > 0 && i % 30 === 0) {
      page = toc[i / 30];
      y = A4[1] - MARGIN;
    }
    const label = `${m.position}. ${m.title}`;
    const line = wrap(label, regular, 10, width - 120)[0];
    page.drawText(line + (line.length < label.length ? '…' : ''), { x: MARGIN, y, size: 10, font: regular });
    page.drawText(m.reference, { x: MARGIN + width - 110, y, size: 9, font: regular, color: rgb(0.3, 0.3, 0.3) });
    const num = String(starts[i]);
    page.drawText(num, { x: MARGIN + width - regular.widthOfTextAtSize(num, 10), y, size: 10, font: regular });
    y -= 18;
  });
  const total = doc.getPageCount();
  doc.getPages().forEach((p, i) => {
    const label = `${i + 1} / ${total}`;
    p.drawText(label, { x: p.getWidth() / 2 - regular.widthOfTextAtSize(label, 8) / 2, y: 20, size: 8, font: regular, color: rgb(0.4, 0.4, 0.4) });
  });
  return doc.save();
}

function renderMaterial(doc: PDFDocument, m: BundleMaterial, regular: PDFFont, bold: PDFFont, width: number): void {
  let page = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const line = (text: string, font: PDFFont, size: number, gap = 4) => {
    for (const l of wrap(text, font, size, width)) {
      if (y < MARGIN + size) {
        page = doc.addPage(A4);
        y = A4[1] - MARGIN;
      }
      page.drawText(l, { x: MARGIN, y, size, font });
      y -= size + gap;
    }
  };
  line(`Bod ${m.position}: ${m.title}`, bold, 14);
  line(`${m.reference}${m.materialType ? ` · ${m.materialType === 'k-rozhodnuti' ? 'k rozhodnutí' : 'pro informaci'}` : ''}`, regular, 9);
  y -= 10;
  if (m.proposedResolution) {
    line('Návrh usnesení', bold, 11);
    line(m.proposedResolution, regular, 10);
    y -= 8;
  }
  if (m.explanatoryReport) {
    line('Důvodová zpráva', bold, 11);
    line(m.explanatoryReport, regular, 10);
  }
  if (m.resolutionOutcome) {
    y -= 8;
    line(`Usnesení: ${m.resolutionNumber ?? '—'} (${m.resolutionOutcome})`, bold, 10);
  }
}
