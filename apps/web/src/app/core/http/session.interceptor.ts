import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthStore } from '../auth/auth.store';
import { LOGIN_PATH } from '../auth/return-url';
import { API, isApiUrl } from './api';

/** Calls whose 401 is an answer, not an expired session. */
const EXEMPT = new Set<string>([API.me, API.login, API.logout]);

/**
 * A 401 from any other API call means the session ended (idle or absolute timeout, logout in
 * another tab): forget the user and go to the login page with the "expired" message and a way back.
 */
export const sessionExpiredInterceptor: HttpInterceptorFn = (req, next) => {
  const store = inject(AuthStore);
  const router = inject(Router);
  return next(req).pipe(
    catchError((error: unknown) => {
      const path = req.url.split('?')[0];
      if (error instanceof HttpErrorResponse && error.status === 401 && isApiUrl(path) && !EXEMPT.has(path)) {
        store.expire();
        const current = router.url;
        if (!current.startsWith(LOGIN_PATH)) {
          void router.navigate([LOGIN_PATH], { queryParams: { returnUrl: current, reason: 'expired' } });
        }
      }
      return throwError(() => error);
    }),
  );
};
