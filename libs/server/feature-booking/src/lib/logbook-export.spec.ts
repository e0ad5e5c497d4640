import type { TripLogEntryInfo } from '@agendy/shared/contracts';
import { PDFDocument } from 'pdf-lib';
import { gapNote, logbookCsv, logbookPdf, pragueDay, pragueTime, totalKm } from './logbook-export';

const trip = (over: Partial<TripLogEntryInfo>): TripLogEntryInfo => ({
  id: 't1',
  resourceId: 'c1',
  bookingId: null,
  driver: { id: 'u1', displayName: 'Jan Novák' },
  departedAt: '2026-07-01T06:00:00.000Z',
  arrivedAt: '2026-07-01T09:30:00.000Z',
  startPlace: 'Liberec',
  endPlace: 'Jablonec nad Nisou',
  purpose: 'Jednání',
  odometerStart: 1000,
  odometerEnd: 1040,
  km: 40,
  continuityGapKm: 0,
  ...over,
});

describe('logbook export', () => {
  it('writes dates and times on the Prague wall clock', () => {
    expect(pragueDay('2026-07-01T22:30:00.000Z')).toBe('2. 7. 2026');
    expect(pragueTime('2026-07-01T06:00:00.000Z')).toBe('08:00');
    expect(pragueTime('2026-12-01T06:00:00.000Z')).toBe('07:00');
  });

  it('CSV: BOM, semicolons, CRLF, quoting of fields with separators and quotes', () => {
    const csv = logbookCsv({ car: { name: 'Octavia', plate: '7L1 2345', model: null }, month: '2026-07', trips: [trip({ purpose: 'Porada; "rozpočet"' }), trip({ id: 't2', continuityGapKm: 12 })] });
    expect(csv.startsWith('\ufeffDatum;Řidič;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, two trips, trailing empty
    expect(lines[1]).toBe('1. 7. 2026;Jan Novák;08:00;11:30;Liberec;Jablonec nad Nisou;"Porada; ""rozpočet""";1000;1040;40;');
    expect(lines[2].endsWith(';MEZERA 12 km')).toBe(true);
  });

  it('totals and gap notes', () => {
    expect(totalKm([trip({}), trip({ km: 2 })])).toBe(42);
    expect(gapNote(trip({ continuityGapKm: 0 }))).toBe('');
    expect(gapNote(trip({ continuityGapKm: 5 }))).toBe('MEZERA 5 km');
  });

  it('PDF: one A4 landscape page per ~35 trips, Czech text embedded', async () => {
    const trips = Array.from({ length: 60 }, (_, i) => trip({ id: `t${i}`, odometerStart: 1000 + i * 40, odometerEnd: 1040 + i * 40, purpose: 'Kontrola účetních dokladů – Žďárek' }));
    const bytes = await logbookPdf({ car: { name: 'Škoda Enyaq iV', plate: '8L4 0211', model: 'Enyaq' }, month: '2026-07', trips });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(2);
    const [w, h] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect(w).toBeGreaterThan(h);
    expect(doc.getTitle()).toBe('Kniha jízd 8L4 0211 2026-07');
  });
});
