/**
 * Which library writes each table (docs/adr/0004-one-authority.md, "One owner per table"). Every
 * other library reads at most, and asks the owner's service to change anything. The table-ownership
 * test (table-ownership.spec.ts) finds every SQL statement and repository call that writes, per
 * library, and fails on a write by a library that is not the owner.
 *
 * Keys are table names; values are folders under libs/server/.
 */
export const TABLE_OWNERS = {
  // identity: people, departments, sessions, deputies, grants, second factors
  users: 'feature-identity',
  departments: 'feature-identity',
  sessions: 'feature-identity',
  user_directory: 'feature-identity',
  user_totp: 'feature-identity',
  role_mappings: 'feature-identity',
  substitutions: 'feature-identity',
  agenda_grants: 'feature-identity',
  worker_heartbeats: 'feature-identity',
  // agendas: definitions and their versions
  agendas: 'feature-agendas',
  agenda_versions: 'feature-agendas',
  // the request runtime: requests, history, inbox, comments, attachments, numbering
  requests: 'feature-requests',
  request_history: 'feature-requests',
  tasks: 'feature-requests',
  request_comments: 'feature-requests',
  attachments: 'feature-requests',
  reference_counters: 'feature-requests',
  // effects
  outbox: 'feature-outbox',
  outbox_incidents: 'feature-outbox',
  notifications: 'feature-notifications',
  // audit
  audit_log: 'feature-audit',
  audit_chain: 'feature-audit',
  audit_chain_head: 'feature-audit',
  audit_head_seals: 'feature-ops',
  // documents and signing
  documents: 'feature-documents',
  document_templates: 'feature-documents',
  signature_tasks: 'feature-documents',
  signing_certificates: 'feature-documents',
  pki_authorities: 'feature-documents',
  // booking
  resources: 'feature-booking',
  booking_rules: 'feature-booking',
  booking_blackouts: 'feature-booking',
  bookings: 'feature-booking',
  booking_series: 'feature-booking',
  booking_passengers: 'feature-booking',
  booking_feed_tokens: 'feature-booking',
  driver_licences: 'feature-booking',
  trip_logs: 'feature-booking',
  // attendance
  attendance_events: 'feature-attendance',
  attendance_work_models: 'feature-attendance',
  attendance_company_days_off: 'feature-attendance',
  attendance_leave_accounts: 'feature-attendance',
  attendance_leave_deputies: 'feature-attendance',
  // registers
  regulations: 'feature-registers',
  regulation_acknowledgements: 'feature-registers',
  contracts: 'feature-registers',
  council_sessions: 'feature-registers',
  council_session_items: 'feature-registers',
  // idempotency keys
  idempotency_keys: 'feature-idempotency',
} as const satisfies Record<string, string>;

export type OwnedTable = keyof typeof TABLE_OWNERS;
