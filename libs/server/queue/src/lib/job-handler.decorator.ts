import { SetMetadata } from '@nestjs/common';
import type { JobName } from './jobs';

export const JOB_HANDLER_METADATA = 'agendy:job-handler';

/**
 * Marks a provider method as the handler of one job. The worker discovers these at boot and
 * refuses to start if a job in the catalogue has no handler or more than one.
 * Handlers must be idempotent: reload by id, and skip work that is already done.
 */
export const JobHandler = (job: JobName): MethodDecorator => SetMetadata(JOB_HANDLER_METADATA, job);
