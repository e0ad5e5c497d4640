export * from './lib/definition.types';
export * from './lib/runtime.types';
export type { DefinitionError, DefinitionErrorCode } from './lib/definition-errors';
export { validateDefinition } from './lib/validate-definition';
export { fileableFields, startRequest } from './lib/start-request';
export { isStale, transition, type TransitionResult } from './lib/transition';
export { availableTransitions } from './lib/available-transitions';
export { validateForm } from './lib/validate-form';
export type { ValidationMode } from './lib/form-validation';
export { checkSnapshot } from './lib/snapshot-check';
export { ATTACHMENT_SCHEMA_ID } from './lib/ajv-factory';
export { LOGIC_ROOTS, type LogicContext } from './lib/logic-context';
export { stateGraph } from './lib/definition-graph';
export { runScenario } from './lib/scenario/run-scenario';
export { formatScenarioReport, formatPragueInstant } from './lib/scenario/format-report';
export type * from './lib/scenario/scenario.types';
export { attachmentReferences, type AttachmentReference } from './lib/attachment-references';
export * from './lib/assignment';
export { partyKey as enginePartyKey } from './lib/parties';
export {
  checkTemplate,
  documentSignerCount,
  templateProblemInDefinition,
  TEMPLATE_FILTERS,
  TEMPLATE_OFFICE_KEYS,
  TEMPLATE_PLACEHOLDER,
  TEMPLATE_REQUEST_KEYS,
  type TemplateFilter,
  type TemplateProblem,
  type TemplateRule,
} from './lib/templates/template-check';
