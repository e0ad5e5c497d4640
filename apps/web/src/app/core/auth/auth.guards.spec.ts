import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, UrlTree, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { MeResponse } from '@agendy/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { API } from '../http/api';
import { sessionExpiredInterceptor } from '../http/session.interceptor';
import { authGuard, guestGuard, roleGuard } from './auth.guards';
import { ADMIN_ROLES, AuthStore } from './auth.store';
import { safeReturnUrl } from './return-url';

@Component({ selector: 'ag-stub', template: 'stub' })
class Stub {}

const ME: MeResponse = {
  user: {
    id: 'u1',
    username: 'jnovak',
    displayName: 'Jan Novák',
    email: 'jan.novak@kraj-lbc.cz',
    title: 'referent',
    department: { id: 'd1', code: 'OI', name: 'Odbor informatiky' },
    roles: ['employee'],
  },
  session: { idleExpiresAt: '2026-11-27T15:00:00Z', absoluteExpiresAt: '2026-11-27T23:00:00Z' },
};

const unauthenticated = {
  status: 401,
  statusText: 'Unauthorized',
};
const problem401 = { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED' };

describe('auth guards', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([sessionExpiredInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'prihlaseni', component: Stub, canActivate: [guestGuard] },
          {
            path: '',
            canActivateChild: [authGuard],
            children: [
              { path: '', component: Stub },
              { path: 'moje-ukoly', component: Stub },
              { path: 'administrace', component: Stub, canActivate: [roleGuard(ADMIN_ROLES, { agendaAdmins: true })] },
            ],
          },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  /** Navigation runs guards asynchronously: wait a few macrotasks for the request to be made. */
  async function nextRequest(url: string) {
    for (let i = 0; i < 20; i++) {
      const pending = http.match(url); // match() takes the request off the open list
      if (pending.length === 1) return pending[0];
      expect(pending).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve));
    }
    return http.expectOne(url);
  }

  async function navigate(url: string, me: MeResponse | null): Promise<string> {
    const done = harness.navigateByUrl(url);
    // The guard asks for the session once (GET me primes the XSRF cookie too).
    const req = await nextRequest(API.me);
    expect(req.request.method).toBe('GET');
    if (me) req.flush(me);
    else req.flush(problem401, unauthenticated);
    await done;
    return TestBed.inject(Router).url;
  }

  it('sends an anonymous user to /prihlaseni and keeps the wanted address', async () => {
    expect(await navigate('/moje-ukoly?filtr=vse', null)).toBe('/prihlaseni?returnUrl=%2Fmoje-ukoly%3Ffiltr%3Dvse');
    expect(TestBed.inject(AuthStore).status()).toBe('anonymous');
  });

  it('lets a signed-in user in', async () => {
    expect(await navigate('/moje-ukoly', ME)).toBe('/moje-ukoly');
    expect(TestBed.inject(AuthStore).user()?.displayName).toBe('Jan Novák');
  });

  it('sends a signed-in user away from the login page to the return address', async () => {
    expect(await navigate('/prihlaseni?returnUrl=%2Fmoje-ukoly', ME)).toBe('/moje-ukoly');
  });

  it('never redirects to another site after login', async () => {
    expect(await navigate('/prihlaseni?returnUrl=%2F%2Fevil.example', ME)).toBe('/');
  });

  it('keeps Administrace from users without an admin role', async () => {
    expect(await navigate('/administrace', ME)).toBe('/');
  });

  it('lets the holder of a per-agenda admin grant into Administrace', async () => {
    expect(await navigate('/administrace', { ...ME, administersAgendas: ['training-request'] })).toBe('/administrace');
  });

  it.each(['agenda-admin', 'system-admin'])('lets %s into Administrace', async (role) => {
    const admin: MeResponse = { ...ME, user: { ...ME.user, roles: ['employee', role] } };
    expect(await navigate('/administrace', admin)).toBe('/administrace');
  });

  it('asks for the session only once', async () => {
    await navigate('/', ME);
    await harness.navigateByUrl('/moje-ukoly');
    http.expectNone(API.me);
    expect(TestBed.inject(Router).url).toBe('/moje-ukoly');
  });

  it('goes to the login page with the "expired" notice when another API call answers 401', async () => {
    await navigate('/moje-ukoly', ME);
    const call = firstValueFrom(TestBed.inject(HttpClient).get('/api/v1/requests'));
    http.expectOne('/api/v1/requests').flush(problem401, unauthenticated);
    await expect(call).rejects.toMatchObject({ status: 401 });
    await harness.fixture.whenStable();
    const router = TestBed.inject(Router);
    const tree: UrlTree = router.parseUrl(router.url);
    expect(tree.root.children['primary']?.segments.map((s) => s.path)).toEqual(['prihlaseni']);
    expect(tree.queryParams).toEqual({ returnUrl: '/moje-ukoly', reason: 'expired' });
    expect(TestBed.inject(AuthStore).isAuthenticated()).toBe(false);
  });

  it('does not treat a 401 from login itself as an expired session', async () => {
    await navigate('/prihlaseni', null);
    const store = TestBed.inject(AuthStore);
    const attempt = store.login({ username: 'jnovak', password: 'spatne' });
    const req = await nextRequest(API.login);
    expect(req.request.body).toEqual({ username: 'jnovak', password: 'spatne' });
    req.flush({ ...problem401, code: 'INVALID_CREDENTIALS' }, unauthenticated);
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(TestBed.inject(Router).url).toBe('/prihlaseni');
  });
});

describe('safeReturnUrl', () => {
  it.each([
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/prihlaseni?returnUrl=%2F', '/'],
    ['/moje-ukoly', '/moje-ukoly'],
    ['/moje-zadosti?stav=nove', '/moje-zadosti?stav=nove'],
  ])('%p → %p', (input, expected) => {
    expect(safeReturnUrl(input)).toBe(expected);
  });
});
