import { inject } from '@angular/core';
import { CanActivateChildFn, CanActivateFn, Router } from '@angular/router';
import { AuthStore } from './auth.store';
import { LOGIN_PATH, safeReturnUrl } from './return-url';

/** Anonymous users go to the login page; the address they wanted is kept in `returnUrl`. */
export const authGuard: CanActivateFn & CanActivateChildFn = async (_route, state) => {
  const store = inject(AuthStore);
  const router = inject(Router);
  await store.ensureLoaded();
  if (store.isAuthenticated()) return true;
  return router.createUrlTree([LOGIN_PATH], { queryParams: { returnUrl: state.url } });
};

/** The login page is for anonymous users; a signed-in user goes where they were heading. */
export const guestGuard: CanActivateFn = async (route) => {
  const store = inject(AuthStore);
  const router = inject(Router);
  await store.ensureLoaded();
  if (!store.isAuthenticated()) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')));
};

/**
 * Lets through users holding at least one of `roles` (or, with `agendaAdmins`, a per-agenda admin
 * grant); others land on the home page. The API checks every object again.
 */
export function roleGuard(roles: readonly string[], options: { agendaAdmins?: boolean } = {}): CanActivateFn {
  return async () => {
    const store = inject(AuthStore);
    const router = inject(Router);
    await store.ensureLoaded();
    return store.hasAnyRole(roles) || (options.agendaAdmins === true && store.administersAgendas()) ? true : router.createUrlTree(['/']);
  };
}
