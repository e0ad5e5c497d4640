import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const createMyDeputySchema = z.strictObject({
  deputyId: z.uuid(),
  validFrom: instant,
  validTo: instant,
  note: z.string().trim().max(500).optional(),
});

export const createSubstitutionSchema = createMyDeputySchema.extend({ principalId: z.uuid() });
