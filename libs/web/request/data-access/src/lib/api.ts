/** The API lives on the same origin under this prefix (the dev server proxies it). */
export const API_V1 = '/api/v1';

export const ENDPOINTS = {
  agendas: `${API_V1}/agendas`,
  requests: `${API_V1}/requests`,
  tasks: `${API_V1}/tasks`,
  notifications: `${API_V1}/notifications`,
} as const;

/** Path segments are ids and codes from the API; encode them anyway. */
export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}

/** Drops undefined / empty values so they do not end up as `?status=undefined`. */
export function queryParams(query: object): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params[key] = String(value);
  }
  return params;
}
