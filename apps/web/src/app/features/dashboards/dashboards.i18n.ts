/**
 * UI strings of the dashboards area (Czech source, English translation), joined into the app's
 * dictionaries by core/i18n/cs.ts and en.ts. Keys start with 'dashboards.'; error sentences of this
 * area's error codes are 'error.<CODE>'.
 */
export const dashboardsCs = {} as const satisfies Record<string, string>;

export const dashboardsEn: Record<keyof typeof dashboardsCs, string> = {};
