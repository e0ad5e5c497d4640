/**
 * Who may administer agendas is decided by the authority library (rules/agenda.ts, ADR 0004);
 * re-exported here for the designer's services.
 */
export { grantedAdminAgendas, mayAdministerAgenda, mayCreateAgendas } from '@agendy/server/authority';
