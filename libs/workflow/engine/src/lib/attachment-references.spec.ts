import type { AgendaDefinition } from './definition.types';
import { attachmentReferences } from './attachment-references';
import { ATTACHMENT_SCHEMA_ID } from './ajv-factory';

const file = { $ref: ATTACHMENT_SCHEMA_ID };
const definition = {
  form: {
    schema: {
      type: 'object',
      properties: {
        title: { type: 'string' },
        draft: { type: 'array', items: file },
        cover: file,
        budget: { type: 'array', items: { type: 'object', properties: { item: { type: 'string' }, invoice: file } } },
      },
    },
  },
} as unknown as AgendaDefinition;

describe('attachmentReferences', () => {
  it('finds files in attachment fields, lists and table cells, with their pointers', () => {
    expect(
      attachmentReferences(definition, {
        title: 'fileId: not a file',
        draft: [{ fileId: 'a', name: 'a.pdf' }, { fileId: 'b', name: 'b.pdf' }],
        cover: { fileId: 'c', name: 'c.pdf' },
        budget: [{ item: 'x', invoice: { fileId: 'd', name: 'd.pdf' } }, { item: 'y' }],
      }),
    ).toEqual([
      { pointer: '/draft/0', fileId: 'a' },
      { pointer: '/draft/1', fileId: 'b' },
      { pointer: '/cover', fileId: 'c' },
      { pointer: '/budget/0/invoice', fileId: 'd' },
    ]);
  });

  it('ignores objects with a fileId outside attachment fields and unknown keys', () => {
    expect(attachmentReferences(definition, { title: { fileId: 'x' } as never, other: { fileId: 'y' } as never })).toEqual([]);
  });
});
