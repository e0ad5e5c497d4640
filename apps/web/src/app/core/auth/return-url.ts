export const LOGIN_PATH = '/prihlaseni';

/** Only same-app absolute paths are accepted as a return address (no open redirect, no loop to login). */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value === LOGIN_PATH || value.startsWith(`${LOGIN_PATH}?`) || value.startsWith(`${LOGIN_PATH}/`)) return '/';
  return value;
}
