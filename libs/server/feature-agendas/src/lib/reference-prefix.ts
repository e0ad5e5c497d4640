/** Prefixes of the reference numbers of the shipped agendas (DOT/2026/00042), as the office uses them. */
export const SHIPPED_REFERENCE_PREFIXES: Readonly<Record<string, string>> = {
  'grant-application': 'DOT',
  'attendance-timesheet': 'DOCH',
  'leave-request': 'NEP',
  'training-request': 'VZD',
  'maintenance-request': 'UDR',
  'room-booking': 'ZAS',
  'service-car-booking': 'VUZ',
  'internal-regulation': 'VP',
  'council-material': 'RK',
  'contract-order': 'SML',
};

/** A prefix for an agenda an administrator adds: the initials of its code (`parking-permit` → `PP`), made unique. */
export function derivePrefix(code: string, taken: ReadonlySet<string>): string {
  const base = SHIPPED_REFERENCE_PREFIXES[code] ?? (code.split(/[-._]+/).filter(Boolean).map((w) => w[0]).join('').toUpperCase().replace(/[^A-Z0-9]/g, '') || 'AG').slice(0, 8);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(base + i)) return base + i;
}
