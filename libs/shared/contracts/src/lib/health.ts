export type ComponentStatus = 'up' | 'down';

export interface ComponentHealth {
  status: ComponentStatus;
  latencyMs?: number;
  /** Short reason when down; never a stack trace or a connection string. */
  error?: string;
}

/** `GET /api/health`: 200 when every required component is up, 503 otherwise. */
export interface HealthResponse {
  status: 'ok' | 'down';
  version: string;
  uptimeSeconds: number;
  checks: {
    database: ComponentHealth;
    redis: ComponentHealth;
    /** Informational: the last heartbeat written by any worker. Does not fail the check. */
    worker: { lastHeartbeatAt: string | null };
  };
}
