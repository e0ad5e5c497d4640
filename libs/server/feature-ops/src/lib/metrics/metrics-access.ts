import { timingSafeEqual } from 'node:crypto';
import { ADMIN_AREAS } from '@agendy/server/authority';
import type { AppConfig } from '@agendy/server/core';
import { DomainException } from '@agendy/server/core';
import type { RequestWithAuth } from '@agendy/server/feature-identity';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who may read operational data: Prometheus with `Authorization: Bearer <METRICS_TOKEN>`, or a
 * logged-in system administrator. Anyone else: 401 without a session, 403 with one.
 */
export function assertOpsAccess(req: RequestWithAuth, config: AppConfig): void {
  const header = req.headers.authorization;
  const token = config.ops.metricsToken;
  if (token && typeof header === 'string' && header.startsWith('Bearer ') && sameSecret(header.slice(7).trim(), token)) return;
  if (!req.auth) throw new DomainException('UNAUTHENTICATED');
  if (!ADMIN_AREAS.operations.some((r) => req.auth?.user.roles.includes(r))) throw new DomainException('FORBIDDEN', 'Only system administrators see operational data');
}
