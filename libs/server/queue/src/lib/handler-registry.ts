import type { JobName } from './jobs';

export type JobHandlerFn = (payload: unknown, meta: { jobId: string; attempt: number }) => Promise<unknown>;

export interface DiscoveredHandler {
  job: string;
  /** "ClassName.method", for error messages. */
  owner: string;
  fn: JobHandlerFn;
}

export class HandlerRegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`Job handlers are misconfigured: ${problems.join('; ')}`);
    this.name = 'HandlerRegistryError';
  }
}

/**
 * Pairs each catalogued job with exactly one handler. Pure, so the rule is unit-tested;
 * the worker calls it with what Nest's discovery found.
 */
export function buildHandlerRegistry(declared: readonly JobName[], discovered: readonly DiscoveredHandler[]): Map<JobName, DiscoveredHandler> {
  const problems: string[] = [];
  const byJob = new Map<string, DiscoveredHandler[]>();
  for (const h of discovered) byJob.set(h.job, [...(byJob.get(h.job) ?? []), h]);

  for (const [job, handlers] of byJob) {
    if (!declared.includes(job as JobName)) problems.push(`handler ${handlers.map((h) => h.owner).join(', ')} is for unknown job "${job}"`);
  }
  const registry = new Map<JobName, DiscoveredHandler>();
  for (const job of declared) {
    const handlers = byJob.get(job) ?? [];
    if (handlers.length === 0) problems.push(`job "${job}" has no handler`);
    else if (handlers.length > 1) problems.push(`job "${job}" has ${handlers.length} handlers: ${handlers.map((h) => h.owner).join(', ')}`);
    else registry.set(job, handlers[0]);
  }
  if (problems.length > 0) throw new HandlerRegistryError(problems);
  return registry;
}
