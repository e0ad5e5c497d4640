import { HttpClient, HttpRequest, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { retry } from 'rxjs';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyInterceptor } from './idempotency.interceptor';

const QUOTED_UUID = /^"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/;

describe('idempotencyKeyInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(withInterceptors([idempotencyKeyInterceptor])), provideHttpClientTesting()] });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  const keyOf = (req: HttpRequest<unknown>) => req.headers.get(IDEMPOTENCY_KEY_HEADER);

  it('gives each POST and PATCH of the API its own key (an sf-string UUID); GETs, auth and other origins get none', () => {
    http.post('/api/v1/requests', { agenda: 'x' }).subscribe();
    http.post('/api/v1/requests', { agenda: 'x' }).subscribe();
    http.patch('/api/v1/requests/1', {}).subscribe();
    http.get('/api/v1/requests').subscribe();
    http.post('/api/v1/auth/login', {}).subscribe();
    http.post('/elsewhere', {}).subscribe();

    const posts = backend.match((r) => r.method === 'POST' && r.url === '/api/v1/requests');
    const [a, b] = posts.map((p) => keyOf(p.request));
    expect(a).toMatch(QUOTED_UUID);
    expect(b).toMatch(QUOTED_UUID);
    expect(a).not.toBe(b);
    const patch = backend.expectOne((r) => r.method === 'PATCH');
    expect(keyOf(patch.request)).toMatch(QUOTED_UUID);
    expect(keyOf(backend.expectOne((r) => r.method === 'GET').request)).toBeNull();
    expect(keyOf(backend.expectOne('/api/v1/auth/login').request)).toBeNull();
    expect(keyOf(backend.expectOne('/elsewhere').request)).toBeNull();
    for (const p of [...posts, patch]) p.flush({});
  });

  it('keeps a key the caller set where the action started', () => {
    http.post('/api/v1/bookings', {}, { headers: { [IDEMPOTENCY_KEY_HEADER]: '"mine"' } }).subscribe();
    const req = backend.expectOne('/api/v1/bookings');
    expect(keyOf(req.request)).toBe('"mine"');
    req.flush({});
  });

  it('a retry of the same request object sends the same key', () => {
    const action = new HttpRequest('POST', '/api/v1/requests/1/comments', { body: 'Ahoj' });
    let answered: unknown;
    http
      .request(action)
      .pipe(retry(1))
      .subscribe({ next: (e) => (answered = e) });
    const first = backend.expectOne('/api/v1/requests/1/comments');
    const key = keyOf(first.request);
    // A 500 is not retried by the interceptor itself; the caller's retry() sends the object again.
    first.flush({ code: 'INTERNAL' }, { status: 500, statusText: 'Server Error' });
    const second = backend.expectOne('/api/v1/requests/1/comments');
    expect(keyOf(second.request)).toBe(key);
    second.flush({ id: 'c1' });
    expect(answered).toBeDefined();
  });

  it('retries a request that got no answer, a 503 or a 409 in flight, with the same key, honouring Retry-After', () => {
    jest.useFakeTimers();
    let result: unknown;
    http.post('/api/v1/requests', { agenda: 'x' }).subscribe((r) => (result = r));
    const first = backend.expectOne('/api/v1/requests');
    const key = keyOf(first.request);
    first.flush({ code: 'SERVICE_UNAVAILABLE' }, { status: 503, statusText: 'Service Unavailable', headers: { 'Retry-After': '2' } });
    jest.advanceTimersByTime(1999);
    backend.expectNone('/api/v1/requests');
    jest.advanceTimersByTime(1);
    const second = backend.expectOne('/api/v1/requests');
    expect(keyOf(second.request)).toBe(key);
    second.flush({ code: 'IDEMPOTENCY_KEY_IN_FLIGHT' }, { status: 409, statusText: 'Conflict', headers: { 'Retry-After': '1' } });
    jest.advanceTimersByTime(1000);
    const third = backend.expectOne('/api/v1/requests');
    expect(keyOf(third.request)).toBe(key);
    third.flush({ id: 'r1' });
    expect(result).toEqual({ id: 'r1' });
  });

  it('gives up after two automatic retries, and never retries a real answer', () => {
    jest.useFakeTimers();
    const errors: unknown[] = [];
    http.post('/api/v1/requests', {}).subscribe({ error: (e) => errors.push(e) });
    for (let i = 0; i < 3; i++) {
      backend.expectOne('/api/v1/requests').error(new ProgressEvent('error'));
      jest.advanceTimersByTime(3000);
    }
    expect(errors).toHaveLength(1);

    http.post('/api/v1/requests', {}).subscribe({ error: (e) => errors.push(e) });
    backend.expectOne('/api/v1/requests').flush({ code: 'STALE' }, { status: 409, statusText: 'Conflict' });
    jest.advanceTimersByTime(3000);
    backend.expectNone('/api/v1/requests');
    expect(errors).toHaveLength(2);
  });
});
