import type { DocumentTemplateBody } from '@agendy/shared/contracts';
import contract from './contract-order.contract.json';
import councilMaterial from './council-material.council-material.json';
import regulation from './internal-regulation.regulation.json';

/**
 * The default templates shipped with the agendas, keyed `<agenda>/<document code>`. They apply
 * until an administrator saves the agenda's template into the database (PUT …/templates/…).
 */
export const SHIPPED_TEMPLATES: Readonly<Record<string, DocumentTemplateBody>> = {
  'internal-regulation/regulation': regulation as DocumentTemplateBody,
  'council-material/council-material': councilMaterial as DocumentTemplateBody,
  'contract-order/contract': contract as DocumentTemplateBody,
};
