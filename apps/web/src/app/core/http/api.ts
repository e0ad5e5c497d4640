/** The API lives on the same origin under this prefix (`nx serve web` proxies it, see proxy.conf.json). */
export const API_BASE = '/api/v1';

export const API = {
  me: `${API_BASE}/auth/me`,
  login: `${API_BASE}/auth/login`,
  logout: `${API_BASE}/auth/logout`,
} as const;

export function isApiUrl(url: string): boolean {
  return url === API_BASE || url.startsWith(`${API_BASE}/`);
}
