import { base32Decode, base32Encode, generateTotpSecret, hotp, otpauthUrl, totpStep, verifyTotp } from './totp';

describe('TOTP (RFC 6238 / RFC 4226)', () => {
  const rfcKey = Buffer.from('12345678901234567890');

  it('matches the RFC 4226 HOTP test values', () => {
    expect([0, 1, 2, 3, 9].map((c) => hotp(rfcKey, c))).toEqual(['755224', '287082', '359152', '969429', '520489']);
  });

  it('matches the RFC 6238 SHA-1 test vectors (8 digits)', () => {
    const cases: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [t, code] of cases) expect(hotp(rfcKey, totpStep(t * 1000), 8)).toBe(code);
  });

  it('round-trips base32 (RFC 4648 vectors)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    expect(() => base32Decode('1!')).toThrow();
    expect(generateTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('accepts the current code and its neighbours, never the same step twice', () => {
    const secret = base32Encode(rfcKey);
    const at = 1_700_000_000_000;
    const step = totpStep(at);
    const code = hotp(rfcKey, step);
    expect(verifyTotp(secret, code, at)).toBe(step);
    expect(verifyTotp(secret, code, at + 30_000)).toBe(step);
    expect(verifyTotp(secret, code, at + 90_000)).toBeNull();
    expect(verifyTotp(secret, code, at, step)).toBeNull();
    expect(verifyTotp(secret, hotp(rfcKey, step + 1), at, step)).toBe(step + 1);
    expect(verifyTotp(secret, '12345', at)).toBeNull();
    expect(verifyTotp(secret, '12345a', at)).toBeNull();
  });

  it('builds an otpauth URL authenticator apps understand', () => {
    expect(otpauthUrl('Agendy', 'jnovak', 'ABC')).toBe('otpauth://totp/Agendy%3Ajnovak?secret=ABC&issuer=Agendy&algorithm=SHA1&digits=6&period=30');
  });
});
