/** Shown by /api/health and the OpenAPI document; bumped with releases. */
export const AGENDY_VERSION = '0.1.0';
