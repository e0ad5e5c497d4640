import { Documents1732750000000 } from '../migrations/1732750000000-documents';
import type { SchemaPart } from './schema-part';

/**
 * Tables of the documents area: documents, signature_tasks, document_templates, pki_authorities,
 * signing_certificates. Migrations: ../migrations/17327500xxxxx-*.ts (that timestamp range belongs
 * to this area), listed here in order. No entities: the documents service uses explicit SQL.
 */
export const DOCUMENTS_SCHEMA: SchemaPart = {
  entities: [],
  migrations: [Documents1732750000000],
};
