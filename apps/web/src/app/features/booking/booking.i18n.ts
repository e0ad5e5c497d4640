/**
 * UI strings of the booking area (Czech source, English translation), joined into the app's
 * dictionaries by core/i18n/cs.ts and en.ts. Keys start with 'booking.'; error sentences of this
 * area's error codes are 'error.<CODE>'.
 */
export const bookingCs = {} as const satisfies Record<string, string>;

export const bookingEn: Record<keyof typeof bookingCs, string> = {};
