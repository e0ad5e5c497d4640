import { sameJson } from './same-json';

describe('sameJson', () => {
  it('ignores object key order at every depth', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2, d: 'x' }] }, { b: [1, { d: 'x', c: 2 }], a: 1 })).toBe(true);
    // jsonb's order (by key length) against a form's order
    expect(sameJson([{ item: 'Hala', category: 'sluzby', amount: 120000 }], [{ item: 'Hala', amount: 120000, category: 'sluzby' }])).toBe(true);
  });

  it('tells different values apart', () => {
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameJson({ a: null }, {})).toBe(false);
    expect(sameJson(null, undefined)).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
  });

  it('treats an absent key and an undefined one alike, as JSON does', () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});
