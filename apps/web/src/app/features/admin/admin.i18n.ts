/**
 * UI strings of the admin area (Czech source, English translation), joined into the app's
 * dictionaries by core/i18n/cs.ts and en.ts. Keys start with 'admin.'; error sentences of this
 * area's error codes are 'error.<CODE>'.
 */
export const adminCs = {} as const satisfies Record<string, string>;

export const adminEn: Record<keyof typeof adminCs, string> = {};
