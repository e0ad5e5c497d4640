import type { EntityManager } from 'typeorm';

/**
 * The one place that knows how the registers point at signed PDFs. The bytes stay with the documents
 * area (table `documents`, issue 7); a register row keeps the request id and the agenda's document
 * code and links to the documents area's download endpoint.
 */
export function documentDownloadUrl(documentId: string): string {
  return `/api/v1/documents/${documentId}/pdf`;
}

export interface DocumentRef {
  requestId: string;
  documentCode: string | null;
}

/**
 * Latest signed (else latest current) PDF per request and document code. Read defensively: while the
 * documents area is not installed the registers simply show no link.
 */
export async function signedPdfLinks(em: EntityManager, refs: readonly DocumentRef[]): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const wanted = refs.filter((r) => r.documentCode);
  if (wanted.length === 0) return links;
  const [exists]: Array<{ ok: boolean }> = await em.query(`SELECT to_regclass('documents') IS NOT NULL AS ok`);
  if (!exists?.ok) return links;
  const rows: Array<{ request_id: string; template_code: string; id: string }> = await em.query(
    `SELECT DISTINCT ON (d.request_id, d.template_code) d.request_id, d.template_code, d.id
     FROM documents d JOIN unnest($1::uuid[], $2::text[]) AS w(request_id, code) ON w.request_id = d.request_id AND w.code = d.template_code
     WHERE d.status <> 'superseded'
     ORDER BY d.request_id, d.template_code, (d.status = 'signed') DESC, d.version DESC`,
    [wanted.map((r) => r.requestId), wanted.map((r) => r.documentCode)],
  );
  for (const r of rows) links.set(`${r.request_id}/${r.template_code}`, documentDownloadUrl(r.id));
  return links;
}

export const linkKey = (requestId: string, code: string | null) => `${requestId}/${code ?? ''}`;
