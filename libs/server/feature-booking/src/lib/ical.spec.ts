import { foldLine, icsDateTime, icsText, renderCalendar } from './ical';

describe('iCalendar rendering', () => {
  it('writes UTC date-times', () => {
    expect(icsDateTime(new Date('2026-03-05T08:30:00.000Z'))).toBe('20260305T083000Z');
  });

  it('escapes text values', () => {
    expect(icsText('Porada; odbor, 2.\nřádek \\')).toBe('Porada\\; odbor\\, 2.\\nřádek \\\\');
  });

  it('folds long lines at 75 octets without splitting UTF-8 characters', () => {
    const line = 'SUMMARY:' + 'Žluťoučký kůň '.repeat(12);
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('renders a calendar with CRLF lines and one VEVENT per booking', () => {
    const ics = renderCalendar(
      [{ uid: 'b1@agendy', start: new Date('2026-12-01T08:00:00Z'), end: new Date('2026-12-01T09:00:00Z'), summary: 'Porada, odbor', location: 'Zasedací místnost 201', status: 'CONFIRMED', sequence: 2 }],
      { name: 'Moje rezervace', now: new Date('2026-11-27T10:00:00Z') },
    );
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('\r\nDTSTART:20261201T080000Z\r\nDTEND:20261201T090000Z\r\n');
    expect(ics).toContain('SUMMARY:Porada\\, odbor');
    expect(ics).toContain('DTSTAMP:20261127T100000Z');
    expect(ics).toContain('SEQUENCE:2');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
