import type { AgendaDefinition } from './definition.types';
import type { FormData } from './runtime.types';
import { ATTACHMENT_SCHEMA_ID } from './ajv-factory';

export interface AttachmentReference {
  /** JSON pointer of the attachment object in the form data, e.g. `/budget/2/invoice`. */
  pointer: string;
  fileId: string;
}

interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
}

/**
 * Every file the data refers to, found through the form schema (a field or table cell typed as
 * the attachment schema), so the runtime can check that each one is an upload of this very
 * request — not a made-up id, not somebody else's file (issue 19).
 */
export function attachmentReferences(definition: AgendaDefinition, data: FormData): AttachmentReference[] {
  const found: AttachmentReference[] = [];
  const visit = (schema: SchemaNode | undefined, value: unknown, pointer: string): void => {
    if (!schema || value === null || value === undefined) return;
    if (schema.$ref === ATTACHMENT_SCHEMA_ID) {
      const fileId = (value as { fileId?: unknown }).fileId;
      if (typeof fileId === 'string') found.push({ pointer, fileId });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(schema.items, item, `${pointer}/${i}`));
      return;
    }
    if (typeof value === 'object' && schema.properties) {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        if (Object.prototype.hasOwnProperty.call(schema.properties, key)) visit(schema.properties[key], child, `${pointer}/${key}`);
      }
    }
  };
  visit(definition.form.schema as SchemaNode, data, '');
  return found;
}
