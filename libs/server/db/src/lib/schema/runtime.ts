import { Runtime1732720000000 } from '../migrations/1732720000000-runtime';
import { NotificationEvents1732720100000 } from '../migrations/1732720100000-notification-events';
import { OutboxIncidents1732720300000 } from '../migrations/1732720300000-outbox-incidents';
import { HistoryFallback1732720500000 } from '../migrations/1732720500000-history-fallback';
import { AuditSequencer1732720600000 } from '../migrations/1732720600000-audit-sequencer';
import type { SchemaPart } from './schema-part';

/**
 * Agendas, requests, tasks, outbox, notifications, attachments, audit (issue 5). Migrations: 17327200xxxxx-*.
 * No entities: the runtime's services use explicit SQL (row locks, ON CONFLICT, keyset pages) that the
 * repository API would hide; see docs/runtime.md.
 */
export const RUNTIME_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [Runtime1732720000000, NotificationEvents1732720100000, OutboxIncidents1732720300000, HistoryFallback1732720500000, AuditSequencer1732720600000],
};
