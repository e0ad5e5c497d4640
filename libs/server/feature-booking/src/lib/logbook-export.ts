import { loadFont } from '@agendy/signing/pades';
import fontkit from '@pdf-lib/fontkit';
import ExcelJS from 'exceljs';
import { PDFDocument, rgb, type PDFFont } from 'pdf-lib';
import type { TripLogEntryInfo } from '@agendy/shared/contracts';
import { toPragueWallClock } from '@agendy/shared/util';

/** What the logbook of one car for one month carries (kniha jízd as Czech tax practice expects it). */
export interface Logbook {
  car: { name: string; plate: string; model: string | null };
  /** YYYY-MM */
  month: string;
  trips: TripLogEntryInfo[];
}

const pad = (n: number) => String(n).padStart(2, '0');

export function pragueDay(iso: string): string {
  const c = toPragueWallClock(new Date(iso));
  const [y, m, d] = c.date.split('-');
  return `${Number(d)}. ${Number(m)}. ${y}`;
}

export function pragueTime(iso: string): string {
  const c = toPragueWallClock(new Date(iso));
  return `${pad(c.hour)}:${pad(c.minute)}`;
}

/** Narrower labels for the PDF table (same columns). */
const PDF_HEADER = ['Datum', 'Řidič', 'Odjezd', 'Příjezd', 'Odkud', 'Kam', 'Účel jízdy', 'Tach. odj.', 'Tach. příj.', 'Ujeto km', 'Kontinuita'];

export const LOGBOOK_COLUMNS = ['Datum', 'Řidič', 'Odjezd', 'Příjezd', 'Odkud', 'Kam', 'Účel jízdy', 'Tachometr odjezd', 'Tachometr příjezd', 'Ujeto km', 'Kontinuita'] as const;

/** The continuity column: empty, or the km nobody logged before this trip. */
export function gapNote(t: TripLogEntryInfo): string {
  return t.continuityGapKm > 0 ? `MEZERA ${t.continuityGapKm} km` : '';
}

function rowOf(t: TripLogEntryInfo): Array<string | number> {
  return [pragueDay(t.departedAt), t.driver.displayName, pragueTime(t.departedAt), pragueTime(t.arrivedAt), t.startPlace, t.endPlace, t.purpose, t.odometerStart, t.odometerEnd, t.km, gapNote(t)];
}

export function totalKm(trips: TripLogEntryInfo[]): number {
  return trips.reduce((sum, t) => sum + t.km, 0);
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Semicolon-separated with a UTF-8 BOM and CRLF, as Czech Excel opens it without an import dialog. */
export function logbookCsv(book: Logbook): string {
  const lines = [LOGBOOK_COLUMNS.map(csvField).join(';'), ...book.trips.map((t) => rowOf(t).map(csvField).join(';'))];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export async function logbookXlsx(book: Logbook): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Agendy';
  const ws = wb.addWorksheet('Kniha jízd');
  ws.addRow([`Kniha jízd – ${book.car.name} (${book.car.plate})`]).font = { bold: true, size: 14 };
  ws.addRow([`Měsíc: ${book.month}`, book.car.model ?? '']);
  ws.addRow([]);
  const header = ws.addRow([...LOGBOOK_COLUMNS]);
  header.font = { bold: true };
  for (const t of book.trips) {
    const row = ws.addRow(rowOf(t));
    if (t.continuityGapKm > 0) row.getCell(11).font = { bold: true, color: { argb: 'FFB00020' } };
  }
  const total = ws.addRow(['Celkem', '', '', '', '', '', '', '', '', totalKm(book.trips), '']);
  total.font = { bold: true };
  const widths = [12, 22, 8, 8, 24, 24, 30, 14, 14, 10, 18];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}


function fit(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let s = text;
  while (s.length > 1 && font.widthOfTextAtSize(s + '…', size) > width) s = s.slice(0, -1);
  return s + '…';
}

/** A4 landscape table, repeated header on every page, totals and the continuity gaps at the end. */
export async function logbookPdf(book: Logbook): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`Kniha jízd ${book.car.plate} ${book.month}`);
  doc.setLanguage('cs-CZ');
  doc.setCreator('Agendy');
  const regular = await doc.embedFont(loadFont('regular'), { subset: true });
  const bold = await doc.embedFont(loadFont('bold'), { subset: true });
  const [W, H] = [841.89, 595.28];
  const margin = 36;
  const widths = [56, 84, 36, 40, 100, 100, 118, 50, 52, 44, 0];
  widths[10] = W - 2 * margin - widths.slice(0, 10).reduce((a, b) => a + b, 0);
  const size = 8;
  const lineH = 14;
  let page = doc.addPage([W, H]);
  let y = H - margin;

  const drawRow = (cells: Array<string | number>, font: PDFFont, shade = false) => {
    if (y < margin + lineH) {
      page = doc.addPage([W, H]);
      y = H - margin;
      drawRow([...PDF_HEADER], bold, true);
    }
    if (shade) page.drawRectangle({ x: margin, y: y - lineH + 3, width: W - 2 * margin, height: lineH, color: rgb(0.9, 0.92, 0.95) });
    let x = margin;
    cells.forEach((c, i) => {
      const numeric = typeof c === 'number';
      const text = fit(numeric ? c.toLocaleString('cs-CZ').replace(/\u00a0/g, ' ') : c, font, size, widths[i] - 4);
      const tx = numeric ? x + widths[i] - 2 - font.widthOfTextAtSize(text, size) : x + 2;
      page.drawText(text, { x: tx, y: y - lineH + 7, size, font, color: i === 10 && c ? rgb(0.69, 0, 0.13) : rgb(0, 0, 0) });
      x += widths[i];
    });
    y -= lineH;
  };

  page.drawText(`Kniha jízd – ${book.car.name}`, { x: margin, y: y - 14, size: 14, font: bold });
  y -= 30;
  page.drawText(`SPZ: ${book.car.plate}    Vůz: ${book.car.model ?? '—'}    Měsíc: ${book.month}`, { x: margin, y: y - 10, size: 10, font: regular });
  y -= 24;
  drawRow([...PDF_HEADER], bold, true);
  for (const t of book.trips) drawRow(rowOf(t), regular);
  const drawNote = (text: string, font: PDFFont) => {
    if (y < margin + lineH) {
      page = doc.addPage([W, H]);
      y = H - margin;
    }
    page.drawText(fit(text, font, size, W - 2 * margin), { x: margin + 2, y: y - lineH + 7, size, font });
    y -= lineH;
  };
  if (book.trips.length === 0) drawNote('V tomto měsíci nejsou zapsány žádné jízdy.', regular);
  y -= 6;
  drawRow(['Celkem', '', '', '', '', '', '', '', '', totalKm(book.trips), ''], bold);
  const gaps = book.trips.filter((t) => t.continuityGapKm > 0);
  y -= 6;
  drawNote(gaps.length > 0 ? `Nenavazující stav tachometru: ${gaps.length}× (celkem ${gaps.reduce((s, t) => s + t.continuityGapKm, 0)} km nezapsáno)` : 'Stav tachometru navazuje.', regular);
  return Buffer.from(await doc.save());
}
