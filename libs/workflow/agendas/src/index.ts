export { agendaDefinitions, findAgendaDefinition } from './agenda-definitions';
