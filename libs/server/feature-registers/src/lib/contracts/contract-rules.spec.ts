import { isBusinessDay } from '@agendy/shared/util';
import { contractsToCsv, contractsToXml, csvField } from './contract-export';
import { amountWithoutVatOf, normaliseIco, publicationDeadline, publicationReminderDay, publicationRequired, publicationStatus } from './contract-rules';

describe('the 50 000 CZK rule (§ 3 odst. 2 písm. i) zákona 340/2015 Sb.)', () => {
  it.each([
    [49_999, false],
    [50_000, false],
    [50_001, true],
  ])('%i CZK without VAT → publication required: %s', (net, required) => {
    expect(publicationRequired({ amountWithoutVat: net, amountWithVat: Math.round(net * 1.21), vatRate: 21 })).toBe(required);
  });

  it.each([
    // Only the amount without VAT decides: these gross amounts are all above 50 000 with VAT.
    [49_999, 0, false],
    [50_000, 21, false],
    [50_001, 12, true],
  ])('net %i at %i %% VAT: the gross amount does not count', (net, rate, required) => {
    const gross = Math.round((net * (100 + rate)) / 100);
    expect(publicationRequired({ amountWithoutVat: net, amountWithVat: gross, vatRate: rate })).toBe(required);
  });

  it.each([
    // Only the gross amount known: derived net = floor(gross * 100 / (100 + rate)).
    [60_499, 21, false], // 49 999.17 net
    [60_500, 21, false], // exactly 50 000 net
    [60_502, 21, true], // 50 001.65 net
    [50_001, 21, false], // 50 001 with VAT is only 41 323 without
    [50_001, 0, true],
  ])('gross %i at %i %% VAT', (gross, rate, required) => {
    expect(publicationRequired({ amountWithVat: gross, vatRate: rate })).toBe(required);
  });

  it('derives the amount without VAT and treats a missing rate conservatively', () => {
    expect(amountWithoutVatOf({ amountWithVat: 60_500, vatRate: 21 })).toBe(50_000);
    expect(amountWithoutVatOf({ amountWithVat: 50_001 })).toBe(50_001);
    expect(publicationRequired({})).toBe(true);
  });

  it('an exemption with a reason overrides the amount', () => {
    expect(publicationRequired({ amountWithoutVat: 1_000_000, exempt: true })).toBe(false);
  });
});

describe('IČO checksum', () => {
  it.each([
    ['70891508', '70891508'], // Liberecký kraj
    ['00262978', '00262978'],
    ['25596641', '25596641'],
    ['262978', '00262978'], // older records without the leading zeros
    [' 7089 1508 ', '70891508'],
  ])('%s is valid', (input, normalised) => {
    expect(normaliseIco(input)).toBe(normalised);
  });

  it.each(['70891507', '12345678', '00262979', '123456789', 'abcdefgh', ''])('%s is refused', (input) => {
    expect(normaliseIco(input)).toBeNull();
  });
});

describe('the 30-day publication deadline (calendar days; last day moved off weekends and holidays)', () => {
  it('counts calendar days from the day after signature', () => {
    // Signed on Mon 2 Mar 2026 → day 30 is Wed 1 Apr 2026, a business day.
    expect(publicationDeadline('2026-03-02')).toBe('2026-04-01');
  });

  it('a last day on a weekend moves to Monday', () => {
    // 2026-02-05 + 30 = Sat 2026-03-07 → Mon 2026-03-09.
    expect(publicationDeadline('2026-02-05')).toBe('2026-03-09');
  });

  it('a last day on Good Friday and the Easter weekend moves past Easter Monday', () => {
    // 2026-03-04 + 30 = Fri 2026-04-03 (Velký pátek) → Sat, Sun, Mon 6 Apr (Velikonoční pondělí) → Tue 2026-04-07.
    expect(publicationDeadline('2026-03-04')).toBe('2026-04-07');
  });

  it('over Christmas: signed 25 Nov 2026 → day 30 is Fri 25 Dec (holiday) → Mon 28 Dec', () => {
    expect(publicationDeadline('2026-11-25')).toBe('2026-12-28');
  });

  it('the holidays inside the period do not lengthen it (calendar, not business days)', () => {
    // 1 Dec 2026 + 30 = Thu 31 Dec 2026, a business day, although 24–26 Dec fall inside.
    expect(publicationDeadline('2026-12-01')).toBe('2026-12-31');
  });

  it('the last day is always a business day, and never earlier than day 30', () => {
    for (let d = new Date(Date.UTC(2026, 0, 1)); d < new Date(Date.UTC(2028, 0, 1)); d = new Date(d.getTime() + 86_400_000)) {
      const signed = d.toISOString().slice(0, 10);
      const due = publicationDeadline(signed);
      expect(isBusinessDay(due)).toBe(true);
      const days = (Date.parse(due) - Date.parse(signed)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(30);
      expect(days).toBeLessThanOrEqual(34);
    }
  });

  it('reminds 5 business days before the last day and reports the status', () => {
    // Last day Mon 28 Dec; 24 and 25 Dec are holidays: 23, 22, 21, 18, 17 Dec are the five business days before.
    expect(publicationReminderDay('2026-11-25')).toBe('2026-12-17');
    const c = { publicationRequired: true, signedOn: '2026-11-25', publishedOn: null };
    expect(publicationStatus(c, '2026-12-16')).toBe('pending');
    expect(publicationStatus(c, '2026-12-17')).toBe('due-soon');
    expect(publicationStatus(c, '2026-12-28')).toBe('due-soon');
    expect(publicationStatus(c, '2026-12-29')).toBe('overdue');
    expect(publicationStatus({ ...c, publishedOn: '2026-12-01' }, '2027-01-10')).toBe('published');
    expect(publicationStatus({ ...c, publicationRequired: false }, '2027-01-10')).toBe('not-required');
  });
});

describe('exports', () => {
  const contract = {
    id: 'c1',
    requestId: 'r1',
    reference: 'SML/2026/00001',
    documentType: 'smlouva' as const,
    subject: 'Dodávka "serverů" & <switchů>',
    counterpartyName: '=HYPERLINK("x")',
    counterpartyIco: '25596641',
    amountWithoutVat: 480000,
    amountWithVat: 580800,
    signedOn: '2026-11-25',
    publicationRequired: true,
    publicationDeadline: '2026-12-28',
    publicationStatus: 'pending' as const,
    registerId: null,
    publishedOn: null,
    signedPdfUrl: '/api/v1/documents/d1/pdf',
    department: 'Odbor informatiky',
  };

  it('XML escapes text and carries the register fields', () => {
    const xml = contractsToXml([contract], { name: 'Krajský úřad', ico: '70891508', dataBox: '' }, 'https://agendy.example', new Date('2026-11-27T00:00:00Z'));
    expect(xml).toContain('<predmet>Dodávka &quot;serverů&quot; &amp; &lt;switchů&gt;</predmet>');
    expect(xml).toContain('<hodnotaBezDph>480000</hodnotaBezDph>');
    expect(xml).toContain('<datumUzavreni>2026-11-25</datumUzavreni>');
    expect(xml).toContain('<priloha href="https://agendy.example/api/v1/documents/d1/pdf"/>');
    expect(xml).not.toContain('<zverejneni');
  });

  it('CSV quotes and neutralises formulas', () => {
    const csv = contractsToCsv([contract], 'https://agendy.example');
    const [header, row] = csv.trim().split('\r\n');
    expect(header.split(',')[0]).toBe('id');
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-5')).toBe("'-5");
    expect(csvField(-5)).toBe('-5');
  });
});
