import type { CookieOptions, Response } from 'express';
import type { AppConfig } from '@agendy/server/core';

/** Angular's HttpClient reads this cookie and echoes it in X-XSRF-TOKEN. */
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'x-xsrf-token';

/**
 * `__Host-` binds the cookie to this exact origin (Secure, Path=/, no Domain).
 * Plain-http demo runs on localhost cannot use Secure, so they fall back to a plain name.
 */
export function sessionCookieName(config: AppConfig): string {
  return config.session.cookieSecure ? '__Host-agendy-session' : 'agendy-session';
}

function base(config: AppConfig): CookieOptions {
  return { path: '/', secure: config.session.cookieSecure, sameSite: 'lax' };
}

export function setSessionCookie(res: Response, config: AppConfig, token: string, expiresAt: Date): void {
  res.cookie(sessionCookieName(config), token, { ...base(config), httpOnly: true, expires: expiresAt });
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(sessionCookieName(config), { ...base(config), httpOnly: true });
}

export function setXsrfCookie(res: Response, config: AppConfig, token: string): void {
  // Readable by the page's script on purpose: that is how the double-submit check works.
  res.cookie(XSRF_COOKIE, token, { ...base(config), httpOnly: false, sameSite: 'strict' });
}
