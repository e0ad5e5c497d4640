/**
 * UI strings of the attendance area (Czech source, English translation), joined into the app's
 * dictionaries by core/i18n/cs.ts and en.ts. Keys start with 'attendance.'; error sentences of this
 * area's error codes are 'error.<CODE>'.
 */
export const attendanceCs = {} as const satisfies Record<string, string>;

export const attendanceEn: Record<keyof typeof attendanceCs, string> = {};
