import { z } from 'zod';
import { DASHBOARD_CHARTS } from '@agendy/shared/contracts';

// Calendar-valid dates (zod checks Feb 30); years outside 2000–2100 are typos, and year 0 would reach PostgreSQL as an error.
const day = z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'must be between 2000 and 2100');
const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};

export const regulationListSchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['upcoming', 'in-force', 'repealed']).optional(),
  pendingMine: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  ...page,
});

export const contractListSchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['not-required', 'published', 'pending', 'due-soon', 'overdue', 'unsigned', 'to-publish']).optional(),
  ...page,
});

export const contractExportSchema = z.strictObject({
  format: z.enum(['xml', 'csv']),
  status: contractListSchema.shape.status,
});

export const recordPublicationSchema = z.strictObject({
  registerId: z.string().regex(/^[0-9]{5,10}$/),
  publishedOn: day,
});

export const createSessionSchema = z.strictObject({
  sessionDate: day,
  title: z.string().trim().min(1).max(200),
  place: z.string().trim().max(200).nullish(),
  agendaNote: z.string().trim().max(5000).nullish(),
});

export const addItemSchema = z.strictObject({ requestId: z.uuid() });
export const reorderSchema = z.strictObject({ order: z.array(z.uuid()).min(1).max(300) });

export const resolutionSchema = z
  .strictObject({
    resolutionNumber: z.string().regex(/^[0-9]{1,5}\/[0-9]{2}\/RK$/).nullish(),
    resolutionOutcome: z.enum(['prijato', 'neprijato', 'odlozeno', 'vzato-na-vedomi']),
  })
  .refine((b) => b.resolutionOutcome === 'odlozeno' || !!b.resolutionNumber, { path: ['resolutionNumber'], message: 'A resolution number is required unless the item was postponed' });

export const dashboardSchema = z.strictObject({
  from: day,
  to: day,
  departmentId: z.uuid().optional(),
});

export const dashboardCsvSchema = dashboardSchema.extend({ chart: z.enum(DASHBOARD_CHARTS) });

export const openDataFileSchema = z.enum(['agenda-statistics.csv', 'agenda-statistics.json', 'published-contracts.csv', 'published-contracts.json', 'datapackage.json']);
