import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isValidIco } from '@agendy/shared/util';

/** Schema every form may reference for file attachments: the file itself lives in the documents store. */
export const ATTACHMENT_SCHEMA_ID = 'https://agendy.kraj-lbc.cz/schemas/attachment.json';

export const ATTACHMENT_SCHEMA = {
  $id: ATTACHMENT_SCHEMA_ID,
  type: 'object',
  required: ['fileId', 'name'],
  properties: {
    fileId: { type: 'string', minLength: 1, maxLength: 100 },
    name: { type: 'string', minLength: 1, maxLength: 255 },
    mediaType: { type: 'string', maxLength: 100 },
    size: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
} as const;

/**
 * One Ajv configuration for forms on the server and in the browser. Strict schema mode turns
 * an administrator's typo ("minLenght") into an error instead of a silently ignored rule.
 */
export function createFormAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    messages: false,
    // `multipleOf: 0.01` (amounts with haléře) must accept 19.99: plain floating-point division
    // says 19.99 / 0.01 = 1998.9999999999998. Quotients within 1e-4 of a whole number count.
    multipleOfPrecision: 4,
  });
  addFormats(ajv);
  ajv.addFormat('ico', { type: 'string', validate: isValidIco });
  ajv.addSchema(ATTACHMENT_SCHEMA);
  return ajv;
}
