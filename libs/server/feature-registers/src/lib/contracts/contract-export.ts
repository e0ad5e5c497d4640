import type { ContractInfo } from '@agendy/shared/contracts';

/**
 * Machine-readable exports of the contract register (docs/registers.md describes both).
 *
 * XML: one <smlouva> per contract, with the element names of the state contract register's
 * publication message (ISRS "zveřejnění": subjekt, smluvniStrana, predmet, datumUzavreni,
 * cisloSmlouvy, hodnotaBezDph, hodnotaVcetneDph) in our own namespace, so that the office's
 * sending tool maps it 1:1; the signed PDF travels separately (link in <priloha>).
 */
export const CONTRACT_XML_NAMESPACE = 'urn:agendy:registr-smluv:1';

/** The office as the publishing party ("subjekt"). */
export interface PublishingOffice {
  name: string;
  ico: string;
  dataBox: string;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
const el = (name: string, value: string | number | null | undefined, indent: string) =>
  value === null || value === undefined || value === '' ? '' : `${indent}<${name}>${xmlEscape(String(value))}</${name}>\n`;

export function contractsToXml(items: readonly ContractInfo[], office: PublishingOffice, baseUrl: string, generatedAt: Date): string {
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<smlouvy xmlns="${CONTRACT_XML_NAMESPACE}" vygenerovano="${generatedAt.toISOString()}" pocet="${items.length}">\n`;
  for (const c of items) {
    out += `  <smlouva id="${xmlEscape(c.id)}">\n`;
    out += `    <subjekt>\n${el('nazev', office.name, '      ')}${el('ico', office.ico, '      ')}${el('datovaSchranka', office.dataBox, '      ')}${el('utvar', c.department, '      ')}    </subjekt>\n`;
    out += `    <smluvniStrana>\n${el('nazev', c.counterpartyName, '      ')}${el('ico', c.counterpartyIco, '      ')}    </smluvniStrana>\n`;
    out += el('typ', c.documentType, '    ');
    out += el('predmet', c.subject, '    ');
    out += el('datumUzavreni', c.signedOn, '    ');
    out += el('cisloSmlouvy', c.reference, '    ');
    out += el('hodnotaBezDph', c.amountWithoutVat, '    ');
    out += el('hodnotaVcetneDph', c.amountWithVat, '    ');
    out += el('lhutaZverejneni', c.publicationDeadline, '    ');
    if (c.signedPdfUrl) out += `    <priloha href="${xmlEscape(baseUrl + c.signedPdfUrl)}"/>\n`;
    if (c.registerId) out += `    <zverejneni idVerze="${xmlEscape(c.registerId)}" datum="${xmlEscape(c.publishedOn ?? '')}"/>\n`;
    out += `  </smlouva>\n`;
  }
  return out + `</smlouvy>\n`;
}

/** RFC 4180 field: quoted when needed; a leading = + - @ is prefixed with ' so spreadsheets never run it as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [header.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n') + '\r\n';
}

export const CONTRACT_CSV_HEADER = [
  'id',
  'cislo_smlouvy',
  'typ',
  'predmet',
  'smluvni_strana_nazev',
  'smluvni_strana_ico',
  'hodnota_bez_dph',
  'hodnota_vcetne_dph',
  'datum_uzavreni',
  'zverejneni_povinne',
  'lhuta_zverejneni',
  'id_verze_registru',
  'datum_zverejneni',
  'odbor',
  'podepsane_pdf',
] as const;

export function contractsToCsv(items: readonly ContractInfo[], baseUrl: string): string {
  return toCsv(
    CONTRACT_CSV_HEADER,
    items.map((c) => [
      c.id,
      c.reference,
      c.documentType,
      c.subject,
      c.counterpartyName,
      c.counterpartyIco,
      c.amountWithoutVat,
      c.amountWithVat,
      c.signedOn,
      c.publicationRequired ? 'ano' : 'ne',
      c.publicationDeadline,
      c.registerId,
      c.publishedOn,
      c.department,
      c.signedPdfUrl ? baseUrl + c.signedPdfUrl : null,
    ]),
  );
}
