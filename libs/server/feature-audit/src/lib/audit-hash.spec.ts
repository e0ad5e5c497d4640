import { auditRowHash, canonicalJson, GENESIS_HASH } from './audit-hash';

const row = {
  seq: 1,
  at: new Date('2026-11-27T08:00:00.123Z'),
  actorId: 'u1',
  onBehalfOf: null,
  action: 'request.transition',
  objectType: 'request',
  objectId: 'r1',
  ip: '10.0.0.1',
  details: { transition: 'submit', before: 'a', after: 'b' },
  prevHash: GENESIS_HASH,
};

describe('audit hashing', () => {
  it('does not depend on the key order of details (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(auditRowHash({ ...row, details: { after: 'b', transition: 'submit', before: 'a' } })).toBe(auditRowHash(row));
  });

  it('changes when any audited column changes', () => {
    const base = auditRowHash(row);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    for (const changed of [
      { ...row, seq: 2 },
      { ...row, at: new Date('2026-11-27T08:00:00.124Z') },
      { ...row, actorId: 'u2' },
      { ...row, onBehalfOf: 'u3' },
      { ...row, action: 'request.create' },
      { ...row, objectId: 'r2' },
      { ...row, ip: null },
      { ...row, details: { ...row.details, after: 'c' } },
      { ...row, prevHash: 'f'.repeat(64) },
    ]) {
      expect(auditRowHash(changed)).not.toBe(base);
    }
  });
});
