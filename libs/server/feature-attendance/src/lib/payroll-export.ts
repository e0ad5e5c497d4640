import { loadFont } from '@agendy/signing/pades';
import fontkit from '@pdf-lib/fontkit';
import ExcelJS from 'exceljs';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AbsenceKind, TimesheetInfo } from '@agendy/shared/contracts';
import type { PersonRow } from './attendance-store';

/** One payroll line: an employee and one kind of time (worked, overtime, each absence) with hours and days. */
export interface PayrollRow {
  username: string;
  displayName: string;
  departmentCode: string;
  month: string;
  kind: 'odpracovano' | 'prescas' | AbsenceKind;
  hours: number;
  days: number;
  timesheetState: string;
}

export const PAYROLL_COLUMNS = ['Osobní číslo', 'Jméno', 'Odbor', 'Měsíc', 'Druh', 'Hodiny', 'Dny', 'Stav výkazu'] as const;

export const KIND_LABEL: Record<PayrollRow['kind'], string> = {
  odpracovano: 'Odpracováno',
  prescas: 'Přesčas',
  dovolena: 'Dovolená',
  nemoc: 'Nemoc',
  'sick-day': 'Indispoziční volno',
  lekar: 'Lékař',
  svatek: 'Svátek',
};

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** Payroll lines of one timesheet: worked time, overtime, then each absence kind that occurs. */
export function payrollRows(person: Pick<PersonRow, 'username' | 'display_name' | 'department_code'>, sheet: TimesheetInfo): PayrollRow[] {
  const base = { username: person.username, displayName: person.display_name, departmentCode: person.department_code ?? '', month: sheet.month, timesheetState: sheet.state };
  const workedDays = sheet.days.filter((d) => d.workedMinutes > 0).length;
  const rows: PayrollRow[] = [{ ...base, kind: 'odpracovano', hours: hours(sheet.totals.workedMinutes), days: workedDays }];
  if (sheet.totals.overtimeMinutes > 0) rows.push({ ...base, kind: 'prescas', hours: hours(sheet.totals.overtimeMinutes), days: 0 });
  for (const kind of ['dovolena', 'nemoc', 'sick-day', 'lekar', 'svatek'] as const) {
    const minutes = sheet.totals.absenceMinutes[kind] ?? 0;
    if (minutes > 0) rows.push({ ...base, kind, hours: hours(minutes), days: sheet.totals.absenceDays[kind] ?? 0 });
  }
  return rows;
}

function csvCell(v: string | number): string {
  const s = typeof v === 'number' ? String(v).replace('.', ',') : v;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const cellsOf = (r: PayrollRow): Array<string | number> => [r.username, r.displayName, r.departmentCode, r.month, KIND_LABEL[r.kind], r.hours, r.days, r.timesheetState];

/** CSV for Czech Excel: semicolons, decimal commas, UTF-8 BOM, CRLF. */
export function payrollCsv(rows: readonly PayrollRow[]): string {
  return '\ufeff' + [PAYROLL_COLUMNS.map(csvCell).join(';'), ...rows.map((r) => cellsOf(r).map(csvCell).join(';'))].join('\r\n') + '\r\n';
}

export async function payrollXlsx(rows: readonly PayrollRow[], month: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Agendy';
  const ws = wb.addWorksheet(`Mzdy ${month}`);
  ws.addRow([...PAYROLL_COLUMNS]).font = { bold: true };
  for (const r of rows) ws.addRow(cellsOf(r));
  [14, 26, 10, 10, 20, 10, 8, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(6).numFmt = '0.00';
  return Buffer.from(await wb.xlsx.writeBuffer());
}


const ANOMALY_CS: Record<string, string> = {
  'missing-out': 'chybí odchod',
  'missing-break': 'chybí přestávka',
  'no-record': 'bez záznamu',
  'core-time': 'mimo pevnou dobu',
  'late-arrival': 'pozdní příchod',
  'event-order': 'chybné pořadí',
  'work-on-day-off': 'práce ve volnu',
};

const hm = (minutes: number) => (minutes ? `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}` : '');

/** The month's timesheet as an A4 PDF (DejaVu Sans for Czech), for the personnel file. */
export async function timesheetPdf(sheet: TimesheetInfo, departmentName: string | null): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`Výkaz docházky ${sheet.displayName} ${sheet.month}`);
  doc.setLanguage('cs-CZ');
  doc.setCreator('Agendy');
  const regular = await doc.embedFont(loadFont('regular'), { subset: true });
  const bold = await doc.embedFont(loadFont('bold'), { subset: true });
  const [W, H] = [595.28, 841.89];
  const margin = 36;
  const columns: Array<[string, number]> = [['Den', 70], ['Fond', 40], ['Odprac.', 46], ['Přest.', 40], ['Lékař', 40], ['Nepřítomnost', 110], ['Přesčas', 44], ['Poznámka', 133]];
  let page: PDFPage = doc.addPage([W, H]);
  let y = H - margin;
  const text = (s: string, x: number, f: PDFFont, size: number) => page.drawText(s, { x, y, size, font: f, color: rgb(0, 0, 0) });
  text(`Výkaz docházky – ${sheet.month}`, margin, bold, 14);
  y -= 20;
  text(`${sheet.displayName}${departmentName ? `, ${departmentName}` : ''}    Stav: ${sheet.state}`, margin, regular, 10);
  y -= 22;
  const row = (cells: string[], f: PDFFont, shade: boolean) => {
    if (y < margin + 14) {
      page = doc.addPage([W, H]);
      y = H - margin;
    }
    if (shade) page.drawRectangle({ x: margin, y: y - 3, width: W - 2 * margin, height: 13, color: rgb(0.92, 0.93, 0.96) });
    let x = margin;
    cells.forEach((c, i) => {
      let s = c;
      while (s.length > 1 && f.widthOfTextAtSize(s, 8) > columns[i][1] - 4) s = s.slice(0, -1);
      text(s, x + 2, f, 8);
      x += columns[i][1];
    });
    y -= 13;
  };
  row(columns.map((c) => c[0]), bold, true);
  for (const d of sheet.days) {
    const absence = d.absences.map((a) => `${a.kind}${a.half ? ' ½' : ''}`).join(', ');
    const note = [d.dayOffName ?? '', ...d.anomalies.map((a) => ANOMALY_CS[a] ?? a)].filter(Boolean).join('; ');
    row([d.date, hm(d.expectedMinutes), hm(d.workedMinutes), hm(d.breakMinutes), hm(d.doctorMinutes), absence, hm(d.overtimeMinutes), note], regular, !d.workingDay);
  }
  const t = sheet.totals;
  y -= 6;
  row(['Celkem', hm(t.expectedMinutes), hm(t.workedMinutes), '', hm(t.absenceMinutes.lekar ?? 0), '', hm(t.overtimeMinutes), `${t.anomalies} nesrovnalostí`], bold, true);
  return Buffer.from(await doc.save());
}
