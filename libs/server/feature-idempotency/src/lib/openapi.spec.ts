import type { OpenAPIObject } from '@nestjs/swagger';
import { documentIdempotencyKey } from './openapi';

describe('documentIdempotencyKey', () => {
  it('adds the header to POST/PATCH operations of /api/v1 except auth, once, by reference', () => {
    const doc: OpenAPIObject = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/api/v1/requests': { get: { responses: {} }, post: { parameters: [{ name: 'x', in: 'query' }], responses: {} } },
        '/api/v1/requests/{id}': { patch: { responses: {} }, put: { responses: {} } },
        '/api/v1/auth/login': { post: { responses: {} } },
      },
    };
    documentIdempotencyKey(doc);
    const ref = { $ref: '#/components/parameters/IdempotencyKey' };
    expect(doc.paths['/api/v1/requests'].post?.parameters).toEqual([{ name: 'x', in: 'query' }, ref]);
    expect(doc.paths['/api/v1/requests'].get?.parameters).toBeUndefined();
    expect(doc.paths['/api/v1/requests/{id}'].patch?.parameters).toEqual([ref]);
    expect(doc.paths['/api/v1/requests/{id}'].put?.parameters).toBeUndefined();
    expect(doc.paths['/api/v1/auth/login'].post?.parameters).toBeUndefined();
    expect(doc.components?.parameters?.['IdempotencyKey']).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false });
  });
});
