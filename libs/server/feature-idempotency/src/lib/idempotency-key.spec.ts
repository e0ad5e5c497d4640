import { canonicalJson, parseIdempotencyKey, requestFingerprint } from './idempotency-key';
import { honoursIdempotencyKey, keepsAnswer } from './idempotency-routes';
import { decide, KeyRow } from './stored-answer';

describe('parseIdempotencyKey', () => {
  it('reads the draft sf-string form and the common bare form', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toEqual({ kind: 'key', key: '8e03978e-40d5-43e8-bc93-6894a57f9324' });
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toEqual({ kind: 'key', key: '8e03978e-40d5-43e8-bc93-6894a57f9324' });
    expect(parseIdempotencyKey(' abc_DEF.1:2~3+4/5= ')).toEqual({ kind: 'key', key: 'abc_DEF.1:2~3+4/5=' });
    expect(parseIdempotencyKey(undefined)).toEqual({ kind: 'absent' });
  });

  it.each([[''], ['""'], ['a b'], ['"a", "b"'], ['a,b'], ['"unterminated'], ['x'.repeat(256)], ['klíč'], ['"a\\"b"']])('refuses %j', (value) => {
    expect(parseIdempotencyKey(value).kind).toBe('invalid');
  });

  it('refuses the header given twice', () => {
    expect(parseIdempotencyKey(['a', 'b']).kind).toBe('invalid');
  });
});

describe('requestFingerprint', () => {
  const base = { method: 'POST', url: '/api/v1/requests', contentType: 'application/json', contentLength: '20', parsed: true };

  it('is the same for the same JSON in another key order, different for other data', () => {
    const a = requestFingerprint({ ...base, body: { agenda: 'x', data: { b: 1, a: [1, { d: 2, c: 3 }] } } });
    expect(requestFingerprint({ ...base, body: { data: { a: [1, { c: 3, d: 2 }], b: 1 }, agenda: 'x' } })).toBe(a);
    expect(requestFingerprint({ ...base, body: { agenda: 'x', data: { b: 2, a: [1, { d: 2, c: 3 }] } } })).not.toBe(a);
    expect(requestFingerprint({ ...base, body: { agenda: 'x', data: { a: [{ d: 2, c: 3 }, 1], b: 1 } } })).not.toBe(a);
  });

  it('covers method, path and query', () => {
    const a = requestFingerprint({ ...base, body: {} });
    expect(requestFingerprint({ ...base, method: 'PATCH', body: {} })).not.toBe(a);
    expect(requestFingerprint({ ...base, url: '/api/v1/requests?x=1', body: {} })).not.toBe(a);
  });

  it('counts a raw upload by media type and length', () => {
    const raw = { method: 'POST', url: '/api/v1/requests/1/attachments?filename=a.pdf', body: undefined, parsed: false };
    const a = requestFingerprint({ ...raw, contentType: 'application/pdf', contentLength: '100' });
    expect(requestFingerprint({ ...raw, contentType: 'application/pdf', contentLength: '100' })).toBe(a);
    expect(requestFingerprint({ ...raw, contentType: 'application/pdf', contentLength: '101' })).not.toBe(a);
  });

  it('never hashes a password or one-time code (a fast hash of it would be a guessable copy)', () => {
    expect(canonicalJson({ password: 'heslo123', nested: { OTP: '123456', note: 'x' } })).toBe('{"nested":{"OTP":"<secret>","note":"x"},"password":"<secret>"}');
    const sign = { method: 'POST', url: '/api/v1/documents/1/signatures/2', contentType: 'application/json', contentLength: '30', parsed: true };
    expect(requestFingerprint({ ...sign, body: { password: 'a' } })).toBe(requestFingerprint({ ...sign, body: { password: 'b' } }));
  });

  it('canonical JSON drops undefined members like JSON does', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, null] })).toBe('{"a":[null,null]}');
  });
});

describe('honoursIdempotencyKey', () => {
  it('covers POST and PATCH of /api/v1 except the auth endpoints', () => {
    expect(honoursIdempotencyKey('POST', '/api/v1/requests')).toBe(true);
    expect(honoursIdempotencyKey('patch', '/api/v1/requests/{id}')).toBe(true);
    expect(honoursIdempotencyKey('PUT', '/api/v1/admin/days-off')).toBe(false);
    expect(honoursIdempotencyKey('DELETE', '/api/v1/bookings/1')).toBe(false);
    expect(honoursIdempotencyKey('GET', '/api/v1/requests')).toBe(false);
    expect(honoursIdempotencyKey('POST', '/api/v1/auth/login')).toBe(false);
    expect(honoursIdempotencyKey('POST', '/api/v1/auth/logout')).toBe(false);
    expect(honoursIdempotencyKey('POST', '/api/health')).toBe(false);
  });

  it('keeps no answer that carries a secret (TOTP enrolment, calendar feed token)', () => {
    expect(keepsAnswer('/api/v1/requests')).toBe(true);
    expect(keepsAnswer('/api/v1/me/otp/enrolment')).toBe(false);
    expect(keepsAnswer('/api/v1/booking-feeds')).toBe(false);
  });
});

describe('decide (a retry that did not get the key)', () => {
  const row = (over: Partial<KeyRow>): KeyRow => ({
    fingerprint: 'f',
    committed: false,
    finished: false,
    lease_expired: false,
    expired: false,
    response_status: null,
    response_headers: null,
    response_body: null,
    response_text: null,
    ...over,
  });

  it('follows the draft: other request 422, kept answer replayed, running 409, done without answer 409 completed', () => {
    expect(decide(row({ fingerprint: 'g', response_status: 201 }), 'f')).toEqual({ kind: 'reused' });
    expect(decide(row({ committed: true, finished: true, response_status: 201, response_headers: { location: '/x' }, response_body: Buffer.from('{}'), response_text: true }), 'f')).toEqual({
      kind: 'replay',
      answer: { status: 201, headers: { location: '/x' }, body: Buffer.from('{}'), text: true },
    });
    expect(decide(row({}), 'f')).toEqual({ kind: 'in-flight' });
    expect(decide(row({ committed: true }), 'f')).toEqual({ kind: 'in-flight' });
    expect(decide(row({ committed: true, lease_expired: true }), 'f')).toEqual({ kind: 'completed' });
    expect(decide(row({ committed: true, finished: true }), 'f')).toEqual({ kind: 'completed' });
  });

  it('claims again when the row vanished, expired, or its attempt died before writing', () => {
    expect(decide(undefined, 'f')).toEqual({ kind: 'retry-claim' });
    expect(decide(row({ expired: true, response_status: 201 }), 'f')).toEqual({ kind: 'retry-claim' });
    expect(decide(row({ lease_expired: true }), 'f')).toEqual({ kind: 'retry-claim' });
  });
});
