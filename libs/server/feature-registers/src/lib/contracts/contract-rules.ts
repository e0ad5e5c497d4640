import { addDays, isBusinessDay, isValidIco, nextBusinessDay, previousBusinessDay, type LocalDate } from '@agendy/shared/util';

/**
 * Zákon č. 340/2015 Sb. (registr smluv) as this office reads it. Kept pure so the tests pin it down.
 *
 * - § 3 odst. 2 písm. i): a contract whose value is 50 000 CZK *without VAT* or less is exempt, so
 *   publication is required only when the amount without VAT is strictly above 50 000 CZK. The
 *   amount with VAT never decides (60 000 with VAT at 21 % is 49 587 without: exempt).
 * - § 5 odst. 2: the contract must be sent to the register "nejpozději do 30 dnů od uzavření".
 *   The law counts calendar days, not business days. Following § 605 občanského zákoníku the day
 *   of signature is not counted (signed 1 March → day 30 is 31 March), and under § 607 a period
 *   whose last day falls on a Saturday, Sunday or public holiday ends on the next business day.
 * - Reminders are an office rule, not the law's: 5 business days before the last day, and an
 *   escalation (director, legal) on the day after the last day.
 */
export const PUBLICATION_THRESHOLD_CZK = 50_000;
export const PUBLICATION_PERIOD_DAYS = 30;
export const REMIND_BUSINESS_DAYS_BEFORE = 5;

export interface ContractAmounts {
  /** Whole CZK without VAT, when the contract states it. */
  amountWithoutVat?: number | null;
  /** Whole CZK with VAT. */
  amountWithVat?: number | null;
  /** VAT rate in percent, used to derive the amount without VAT when only the gross amount is known. */
  vatRate?: number | null;
  /** The agenda's registerExempt flag (another § 3 exemption, with a stated reason). */
  exempt?: boolean | null;
}

/** The amount without VAT, derived from the gross amount and rate when needed (rounded down to whole crowns). */
export function amountWithoutVatOf(a: ContractAmounts): number | null {
  if (typeof a.amountWithoutVat === 'number') return a.amountWithoutVat;
  if (typeof a.amountWithVat === 'number') {
    // With no rate stated the gross amount is the safe upper bound: it may only over-report.
    if (typeof a.vatRate !== 'number') return a.amountWithVat;
    return Math.floor((a.amountWithVat * 100) / (100 + a.vatRate));
  }
  return null;
}

/** True when the contract must be published in the state contract register. */
export function publicationRequired(a: ContractAmounts): boolean {
  if (a.exempt) return false;
  const net = amountWithoutVatOf(a);
  // A contract without a stated value cannot be shown to be under the limit: publish it.
  if (net === null) return true;
  return net > PUBLICATION_THRESHOLD_CZK;
}

/** The last day to send the contract to the register (see the header comment). */
export function publicationDeadline(signedOn: LocalDate): LocalDate {
  const day30 = addDays(signedOn, PUBLICATION_PERIOD_DAYS);
  return isBusinessDay(day30) ? day30 : nextBusinessDay(day30);
}

/** The day from which the officer is reminded: 5 business days before the last day. */
export function publicationReminderDay(signedOn: LocalDate): LocalDate {
  let d = publicationDeadline(signedOn);
  for (let i = 0; i < REMIND_BUSINESS_DAYS_BEFORE; i++) d = previousBusinessDay(d);
  return d;
}

export type PublicationStatus = 'not-required' | 'published' | 'pending' | 'due-soon' | 'overdue' | 'unsigned';

export function publicationStatus(
  c: { publicationRequired: boolean; signedOn: LocalDate | null; publishedOn: LocalDate | null },
  today: LocalDate,
): PublicationStatus {
  if (!c.publicationRequired) return 'not-required';
  if (c.publishedOn) return 'published';
  if (!c.signedOn) return 'unsigned';
  if (today > publicationDeadline(c.signedOn)) return 'overdue';
  if (today >= publicationReminderDay(c.signedOn)) return 'due-soon';
  return 'pending';
}

/** IČO validated by its mod-11 check digit; 7-digit numbers (older records) are left-padded first. */
export function normaliseIco(value: string): string | null {
  const trimmed = value.replace(/\s+/g, '');
  if (!/^\d{1,8}$/.test(trimmed)) return null;
  const padded = trimmed.padStart(8, '0');
  return isValidIco(padded) ? padded : null;
}
