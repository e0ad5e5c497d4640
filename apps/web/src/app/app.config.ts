import { provideHttpClient, withFetch, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import {
  ApplicationConfig,
  LOCALE_ID,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { TitleStrategy, provideRouter, withInMemoryScrolling } from '@angular/router';
import { appRoutes } from './app.routes';
import { AuthStore } from './core/auth/auth.store';
import { idempotencyKeyInterceptor } from './core/http/idempotency.interceptor';
import { sessionExpiredInterceptor } from './core/http/session.interceptor';
import { TranslatedTitleStrategy } from './core/i18n/title-strategy';
import { TranslationService } from './core/i18n/translation.service';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(appRoutes, withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    provideHttpClient(
      withFetch(),
      // The API sets the XSRF-TOKEN cookie on every answer; Angular echoes it on mutating requests.
      withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
      // The session check sees only the final answer, after the idempotent retries.
      withInterceptors([sessionExpiredInterceptor, idempotencyKeyInterceptor]),
    ),
    { provide: TitleStrategy, useExisting: TranslatedTitleStrategy },
    // Static default for Angular's own pipes; our ag* pipes follow the runtime language.
    { provide: LOCALE_ID, useValue: 'cs' },
    provideAppInitializer(() => {
      inject(TranslationService); // sets <html lang> from the remembered choice before first render
      // Ask for the session first thing (does not block rendering): also primes the XSRF cookie.
      void inject(AuthStore).ensureLoaded();
    }),
  ],
};
