/**
 * UI strings of the documents area (Czech source, English translation), joined into the app's
 * dictionaries by core/i18n/cs.ts and en.ts. Keys start with 'documents.'; error sentences of this
 * area's error codes are 'error.<CODE>'.
 */
export const documentsCs = {} as const satisfies Record<string, string>;

export const documentsEn: Record<keyof typeof documentsCs, string> = {};
