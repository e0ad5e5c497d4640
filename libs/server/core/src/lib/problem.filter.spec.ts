import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainException } from './domain-exception';
import { toProblem } from './problem.filter';

describe('toProblem', () => {
  it('keeps a domain exception code, detail and extensions', () => {
    const { problem, headers } = toProblem(
      new DomainException('LOGIN_THROTTLED', 'Wait a minute', { retryAfterSeconds: 60 }, { 'Retry-After': '60' }),
      'req-12345678',
      '/api/v1/auth/login',
    );
    expect(problem).toMatchObject({ status: 429, code: 'LOGIN_THROTTLED', detail: 'Wait a minute', retryAfterSeconds: 60, requestId: 'req-12345678', instance: '/api/v1/auth/login' });
    expect(problem.type).toMatch(/login-throttled$/);
    expect(headers['Retry-After']).toBe('60');
  });

  it('maps Nest HTTP exceptions to stable codes', () => {
    expect(toProblem(new NotFoundException('Cannot GET /api/nope'), undefined, '/api/nope').problem).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', detail: 'Cannot GET /api/nope' });
    expect(toProblem(new PayloadTooLargeException(), undefined, '/x').problem.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('maps body-parser errors to client errors, not 500', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token'), { status: 400, type: 'entity.parse.failed' });
    expect(toProblem(parseError, undefined, '/x').problem).toMatchObject({ status: 400, code: 'BAD_REQUEST', detail: 'The request body is not valid JSON' });
    const tooLarge = Object.assign(new Error('too large'), { status: 413, type: 'entity.too.large' });
    expect(toProblem(tooLarge, undefined, '/x').problem.status).toBe(413);
  });

  it('never leaks the message of an unknown error', () => {
    const { problem } = toProblem(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'), 'r', '/x');
    expect(problem.status).toBe(500);
    expect(problem.code).toBe('INTERNAL');
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|hunter2/);
  });

  it('answers 503 with Retry-After when PostgreSQL or Redis is down, without the driver message', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const adminShutdown = Object.assign(new Error('QueryFailedError'), { driverError: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) });
    const terminated = new Error('Connection terminated unexpectedly');
    for (const e of [refused, adminShutdown, terminated]) {
      const { problem, headers } = toProblem(e, 'r', '/x');
      expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(headers['Retry-After']).toBe('5');
      expect(JSON.stringify(problem)).not.toMatch(/10\.0\.0\.5|administrator/);
    }
  });

  it('answers 400 to text PostgreSQL cannot store (NUL), found through the wrapped driver error', () => {
    const nulText = Object.assign(new Error('QueryFailedError'), { driverError: Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }) });
    const nulJson = Object.assign(new Error('wrapper'), { cause: Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' }) });
    for (const e of [nulText, nulJson]) expect(toProblem(e, 'r', '/x').problem).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    // A chain longer than four links is not followed: an unrelated error stays a 500.
    let deep: object = Object.assign(new Error('bottom'), { code: '22021' });
    for (let i = 0; i < 4; i++) deep = Object.assign(new Error(`level ${i}`), { cause: deep });
    expect(toProblem(deep, 'r', '/x').problem).toMatchObject({ status: 500 });
  });
});
