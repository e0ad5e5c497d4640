import { z } from 'zod';

const data = z.record(z.string(), z.unknown());

export const createRequestSchema = z.strictObject({
  agenda: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/),
  data: data.optional(),
});

export const updateRequestSchema = z.strictObject({
  data,
  expectedVersion: z.number().int().positive(),
});

/**
 * A step needs the version it was taken on (it changes data: 409 STALE when someone changed the
 * request meanwhile); a vote may leave it out — votes of one round are merged under the request's
 * lock in any order (issue 20), and a given version only tells which round the vote belongs to.
 */
export const transitionSchema = z
  .strictObject({
    transition: z.string().min(1).max(100),
    kind: z.enum(['transition', 'vote']).optional(),
    data: data.optional(),
    comment: z.string().max(4000).optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .refine((body) => body.kind === 'vote' || body.expectedVersion !== undefined, { path: ['expectedVersion'], message: 'expectedVersion is required for a step (only a vote may leave it out)' });

export const listRequestsSchema = z.strictObject({
  agenda: z.string().max(80).optional(),
  state: z.string().max(80).optional(),
  status: z.enum(['open', 'closed']).optional(),
  q: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
});

export const listTasksSchema = z.strictObject({
  kind: z.enum(['work', 'vote']).optional(),
  agenda: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
});

export const commentSchema = z.strictObject({ body: z.string().trim().min(1).max(4000) });

export const bulkTransitionSchema = z.strictObject({
  transition: z.string().min(1).max(100),
  kind: z.enum(['transition', 'vote']).optional(),
  items: z
    .array(z.strictObject({ requestId: z.string().max(64), expectedVersion: z.number().int().positive() }))
    .min(1)
    .max(100)
    .refine((items) => new Set(items.map((i) => i.requestId)).size === items.length, { message: 'Each request at most once' }),
});
