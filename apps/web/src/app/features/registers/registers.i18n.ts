/**
 * UI strings of the registers area (Czech source, English translation), joined into the app's
 * dictionaries by core/i18n/cs.ts and en.ts. Keys start with 'registers.'; error sentences of this
 * area's error codes are 'error.<CODE>'.
 */
export const registersCs = {} as const satisfies Record<string, string>;

export const registersEn: Record<keyof typeof registersCs, string> = {};
