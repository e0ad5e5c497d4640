/**
 * IČO, the 8-digit Czech company identification number, with its mod-11 check digit.
 * Grant applicants and contract counterparties are identified by it.
 */
export function isValidIco(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(value[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 10;
  return check === Number(value[7]);
}
