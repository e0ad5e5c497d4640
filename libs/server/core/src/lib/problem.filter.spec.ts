import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainException, TITLE_OF } from './domain-exception';
import { classifyBackendFailure, RETRY_AFTER_SECONDS, toProblem } from './problem.filter';

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

describe('classifyBackendFailure', () => {
  const pg = (code: string, message = 'driver message with host 10.0.0.5 and SELECT secret FROM t') =>
    Object.assign(new Error('QueryFailedError'), { driverError: Object.assign(new Error(message), { code }) });
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });

  it.each([
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['EPIPE', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })],
    ['"Connection terminated unexpectedly"', new Error('Connection terminated unexpectedly')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a client closed under the query', new Error('Client was closed and is not queryable')],
    ['08006 connection_failure', pg('08006')],
    ['08P01 protocol_violation (class 08)', pg('08P01')],
    ['57P01 admin_shutdown', pg('57P01')],
    ['57P02 crash_shutdown', pg('57P02')],
    ['57P03 cannot_connect_now', pg('57P03')],
    ['53300 too_many_connections', pg('53300')],
    ['QueryRunnerProviderAlreadyReleasedError', named('QueryRunnerProviderAlreadyReleasedError', 'Database connection provided by a query runner was already released')],
    ['QueryRunnerAlreadyReleasedError', named('QueryRunnerAlreadyReleasedError', 'Query runner already released')],
    ['an AggregateError of both addresses of a host', Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''))],
  ])('%s is "unavailable"', (_, e) => {
    expect(classifyBackendFailure(e)).toBe('unavailable');
  });

  it.each([
    ['57014 statement timeout', pg('57014', 'canceling statement due to statement timeout')],
    ['55P03 lock timeout', pg('55P03', 'canceling statement due to lock timeout')],
    ['25P03 idle-in-transaction timeout', pg('25P03', 'terminating connection due to idle-in-transaction timeout')],
    ['25P03 found under a later "Connection terminated"', Object.assign(new Error('Connection terminated'), { cause: pg('25P03') })],
  ])('%s is "busy"', (_, e) => {
    expect(classifyBackendFailure(e)).toBe('busy');
  });

  it.each([
    ['a unique violation', pg('23505')],
    ['a syntax error', pg('42601')],
    ['a serialization failure', pg('40001')],
    ['an unknown error mentioning a socket error in its text only', new Error('connect ECONNREFUSED 10.0.0.5:5432')],
    ['a non-object', 'Connection terminated'],
    ['a code of another class that starts with 08 in a longer string', Object.assign(new Error('x'), { code: '080000' })],
  ])('%s is neither', (_, e) => {
    expect(classifyBackendFailure(e)).toBeNull();
  });
});

describe('toProblem for a lost or busy database', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After for a connection lost mid-transaction', () => {
    const e = Object.assign(new Error('Database connection provided by a query runner was already released'), { name: 'QueryRunnerProviderAlreadyReleasedError' });
    const { problem, headers } = toProblem(e, 'r', '/api/v1/requests/1/transitions');
    expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', type: 'https://agendy.kraj-lbc.cz/problems/service-unavailable' });
    expect(headers['Retry-After']).toBe(String(RETRY_AFTER_SECONDS.unavailable));
    expect(JSON.stringify(problem)).not.toMatch(/query runner/i);
  });

  it('answers 503 DATABASE_BUSY with Retry-After for timeouts, without SQL or hosts', () => {
    for (const code of ['57014', '55P03', '25P03']) {
      const e = Object.assign(new Error('QueryFailedError: UPDATE requests SET state = $1'), {
        query: 'UPDATE requests SET state = $1',
        driverError: Object.assign(new Error('canceling statement due to lock timeout on db.internal:5432'), { code }),
      });
      const { problem, headers } = toProblem(e, 'r', '/x');
      expect(problem).toMatchObject({ status: 503, code: 'DATABASE_BUSY', title: TITLE_OF.DATABASE_BUSY });
      expect(headers['Retry-After']).toBe(String(RETRY_AFTER_SECONDS.busy));
      expect(JSON.stringify(problem)).not.toMatch(/UPDATE|db\.internal|canceling/);
    }
  });
});
