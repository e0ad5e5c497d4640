import { execFileSync } from 'node:child_process';
import { decodeOid, decodeTime, integer, oid, readTlv, seq, setOf, content, generalizedTime, utcTime } from './der';

describe('DER', () => {
  it('encodes and decodes OIDs', () => {
    for (const o of ['1.2.840.113549.1.9.16.2.47', '2.16.840.1.101.3.4.2.1', '0.4.0.1862.1.1']) {
      const der = oid(o);
      expect(decodeOid(content(der, readTlv(der)))).toBe(o);
    }
    expect(oid('1.2.840.113549').toString('hex')).toBe('06062a864886f70d');
  });

  it('encodes INTEGERs minimally with a sign byte', () => {
    expect(integer(1).toString('hex')).toBe('020101');
    expect(integer(128).toString('hex')).toBe('02020080');
    expect(integer(Buffer.from([0, 0, 0x7f])).toString('hex')).toBe('02017f');
    expect(integer(Buffer.from([0xff])).toString('hex')).toBe('020200ff');
  });

  it('sorts SET OF and encodes long lengths (openssl asn1parse agrees)', () => {
    const s = setOf([Buffer.from('0403bbbbbb', 'hex'), Buffer.from('0401aa', 'hex')]);
    expect(s.toString('hex')).toBe('31080401aa0403bbbbbb');
    const big = seq(Buffer.from(Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? 0x05 : 0x00))));
    expect(big.subarray(0, 4).toString('hex')).toBe('3082012c');
    const parsed = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: big, encoding: 'utf8' });
    expect(parsed).toContain('l= 300 cons: SEQUENCE');
  });

  it('round-trips times', () => {
    const d = new Date('2026-11-27T15:04:05Z');
    for (const t of [generalizedTime(d), utcTime(d)]) {
      const tl = readTlv(t);
      expect(decodeTime(tl.tag, content(t, tl)).toISOString()).toBe(d.toISOString());
    }
  });
});
