import { SecretBox } from './secret-box';

const config = (kekBase64?: string) => ({ signing: { kekBase64 } }) as Parameters<typeof SecretBox.forPurpose>[0];

describe('SecretBox', () => {
  const box = SecretBox.forPurpose(config(Buffer.alloc(32, 7).toString('base64')), 'totp-secrets');

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP', 'user-1')).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses a value moved to another row, altered, or opened with another key or purpose', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow();
    // The second-to-last character carries six bits of ciphertext (the last one partly padding).
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.slice(-1);
    expect(() => box.open(flipped, 'user-1')).toThrow();
    expect(() => SecretBox.forPurpose(config(Buffer.alloc(32, 8).toString('base64')), 'totp-secrets').open(sealed, 'user-1')).toThrow();
    expect(() => SecretBox.forPurpose(config(Buffer.alloc(32, 7).toString('base64')), 'other').open(sealed, 'user-1')).toThrow();
    expect(() => box.open('JBSWY3DPEHPK3PXP', 'user-1')).toThrow(/not a sealed value/);
  });

  it('works without SIGNING_KEK (demo mode) with a key of its own', () => {
    const demo = SecretBox.forPurpose(config(undefined), 'totp-secrets');
    expect(demo.open(demo.seal('x', 'c'), 'c')).toBe('x');
    expect(() => box.open(demo.seal('x', 'c'), 'c')).toThrow();
  });
});
