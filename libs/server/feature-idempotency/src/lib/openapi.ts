import type { OpenAPIObject } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from './idempotency-key';
import { IDEMPOTENCY_POLICY } from './idempotency-policy';
import { honoursIdempotencyKey } from './idempotency-routes';

const PARAMETER_NAME = 'IdempotencyKey';

const DESCRIPTION = [
  'Optional. Makes a retry of this request safe (IETF draft-ietf-httpapi-idempotency-key-header).',
  'A unique value per user action, e.g. a UUID: `"8e03978e-40d5-43e8-bc93-6894a57f9324"` (sf-string; unquoted accepted), 1–255 of `A–Z a–z 0–9 . _ : ~ + / = -`.',
  `Same key and same request (method, path, body) within ${IDEMPOTENCY_POLICY.ttlSeconds / 3600} h → the first answer again, with \`${REPLAYED_HEADER}: true\`.`,
  'Same key, other request → 422 IDEMPOTENCY_KEY_REUSED; first request still running → 409 IDEMPOTENCY_KEY_IN_FLIGHT with Retry-After;',
  'carried out but its answer not kept → 409 IDEMPOTENCY_KEY_COMPLETED (do not repeat, reload); malformed → 400 IDEMPOTENCY_KEY_INVALID.',
  '5xx answers are not kept: the retry runs again if nothing was written.',
].join(' ');

/**
 * Documents the header on every operation that honours it — the same rule as the interceptor, so the
 * documentation cannot drift from the behaviour. Called on the generated document in create-app.ts.
 */
export function documentIdempotencyKey(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.parameters = {
    ...document.components.parameters,
    [PARAMETER_NAME]: { name: IDEMPOTENCY_KEY_HEADER, in: 'header', required: false, description: DESCRIPTION, schema: { type: 'string', maxLength: 257 } },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['post', 'patch'] as const) {
      const operation = item[method];
      if (!operation || !honoursIdempotencyKey(method, path)) continue;
      operation.parameters = [...(operation.parameters ?? []), { $ref: `#/components/parameters/${PARAMETER_NAME}` }];
    }
  }
  return document;
}
