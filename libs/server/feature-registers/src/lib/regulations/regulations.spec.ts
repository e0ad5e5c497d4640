import { regulationStatus, toPrefixQuery } from './regulations.service';

describe('toPrefixQuery', () => {
  it('turns words into prefix terms joined by AND, keeping Czech letters', () => {
    expect(toPrefixQuery('Směrnice  o cestovních')).toBe('Směrnice:* & o:* & cestovních:*');
  });
  it('drops every tsquery operator, so no input is a syntax error', () => {
    expect(toPrefixQuery("a & b | !c <-> (d) 'e':*")).toBe('a:* & b:* & c:* & d:* & e:*');
    expect(toPrefixQuery('&|!():*')).toBeNull();
    expect(toPrefixQuery('   ')).toBeNull();
  });
  it('keeps at most 8 words', () => {
    expect(toPrefixQuery('a b c d e f g h i j')?.split(' & ')).toHaveLength(8);
  });
});

describe('regulationStatus', () => {
  const r = (from: string | null, to: string | null, repealed = false) => ({ effective_from: from, effective_to: to, repealed_at: repealed ? new Date() : null });
  it.each([
    [r('2026-01-01', null), '2026-06-01', 'in-force'],
    [r('2026-07-01', null), '2026-06-01', 'upcoming'],
    [r('2026-01-01', '2026-05-31'), '2026-06-01', 'repealed'],
    [r('2026-01-01', '2026-06-01'), '2026-06-01', 'in-force'],
    [r('2026-01-01', null, true), '2026-06-01', 'repealed'],
  ] as const)('%o on %s is %s', (row, today, status) => {
    expect(regulationStatus(row, today)).toBe(status);
  });
});
