export type ComponentStatus = 'up' | 'down';

export interface ComponentHealth {
  status: ComponentStatus;
  latencyMs?: number;
  /** Short reason when down; never a stack trace or a connection string. */
  error?: string;
}

/**
 * `GET /api/health`: `ok` (200) when everything is up; `degraded` (200) when PostgreSQL is up but
 * Redis is not — the api still accepts work (effects wait in the outbox), so a load balancer must
 * keep routing to it; `down` (503) without the database.
 */
export interface HealthResponse {
  status: 'ok' | 'degraded' | 'down';
  version: string;
  uptimeSeconds: number;
  checks: {
    database: ComponentHealth;
    redis: ComponentHealth;
    /** Informational: the last heartbeat written by any worker. Does not fail the check. */
    worker: { lastHeartbeatAt: string | null };
  };
}
