import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { CurrentUser, LoginRequest, MeResponse, ProblemDetails } from '@agendy/shared/contracts';
import { API } from '../http/api';
import { toProblem } from '../http/problem';

export type AuthStatus = 'unknown' | 'authenticated' | 'anonymous';

export const ADMIN_ROLES: readonly string[] = ['agenda-admin', 'system-admin'];

/** The signed-in user, as signals. `GET /auth/me` runs first at startup; it also primes the XSRF cookie. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);

  private readonly _me = signal<MeResponse | null>(null);
  private readonly _status = signal<AuthStatus>('unknown');
  /** A problem other than 401 while loading `me` (API down); the login page can show it. */
  private readonly _loadProblem = signal<ProblemDetails | null>(null);
  private loading: Promise<void> | null = null;

  readonly status = this._status.asReadonly();
  readonly me = this._me.asReadonly();
  readonly loadProblem = this._loadProblem.asReadonly();
  readonly user = computed<CurrentUser | null>(() => this._me()?.user ?? null);
  readonly isAuthenticated = computed(() => this._status() === 'authenticated');
  readonly roles = computed<readonly string[]>(() => this.user()?.roles ?? []);
  readonly isAdmin = computed(() => this.roles().some((role) => ADMIN_ROLES.includes(role)));
  /** Holds a per-agenda `admin` grant: may open the administration area for those agendas. */
  readonly administersAgendas = computed(() => (this._me()?.administersAgendas?.length ?? 0) > 0);

  hasAnyRole(roles: readonly string[]): boolean {
    return this.roles().some((role) => roles.includes(role));
  }

  /** Resolves once the session state is known (never rejects). */
  ensureLoaded(): Promise<void> {
    if (this._status() !== 'unknown') return Promise.resolve();
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  async load(): Promise<void> {
    try {
      const me = await firstValueFrom(this.http.get<MeResponse>(API.me));
      this.setMe(me);
      this._loadProblem.set(null);
    } catch (error) {
      this.clear();
      const unauthenticated = error instanceof HttpErrorResponse && error.status === 401;
      this._loadProblem.set(unauthenticated ? null : toProblem(error));
    }
  }

  /** Signs in; on failure rejects with the server's ProblemDetails (or one made up for a network error). */
  async login(credentials: LoginRequest): Promise<CurrentUser> {
    // The XSRF cookie is set by the server on any response; make sure `me` has been asked first.
    await this.ensureLoaded();
    try {
      const me = await firstValueFrom(this.http.post<MeResponse>(API.login, credentials));
      this.setMe(me);
      this._loadProblem.set(null);
      return me.user;
    } catch (error) {
      throw toProblem(error);
    }
  }

  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>(API.logout, null));
    } catch {
      // The session is gone for us either way; the server forgets it on its own timeout.
    } finally {
      this.clear();
    }
  }

  /** Called when any API call answers 401: the session is over. */
  expire(): void {
    this.clear();
  }

  private setMe(me: MeResponse): void {
    this._me.set(me);
    this._status.set('authenticated');
  }

  private clear(): void {
    this._me.set(null);
    this._status.set('anonymous');
  }
}
