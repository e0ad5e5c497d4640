import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessRegistry, holdsRole } from '@agendy/server/authority';
import { RequestVisibility } from '@agendy/server/feature-requests';

/**
 * What the documents area tells the authority (ADR 0004): the request a document or signature task
 * belongs to (its facts come from the request area's visibility), and who holds a signing
 * certificate. The rules are the authority library's (rules/request.ts, rules/identity.ts).
 */
@Injectable()
export class DocumentsAccess implements OnModuleInit {
  constructor(
    private readonly registry: AccessRegistry,
    private readonly visibility: RequestVisibility,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    const em = this.ds.manager;
    this.registry.registerObject('document', async (subject, id) => {
      const [doc]: Array<{ request_id: string }> = await em.query(`SELECT request_id::text FROM documents WHERE id = $1`, [id]);
      return doc ? this.visibility.facts(em, subject, doc.request_id) : null;
    });
    this.registry.registerObject('signature-task', async (subject, taskId, params) => {
      // The task of the document the path names; a task of another document names nothing.
      const [task]: Array<{ request_id: string }> = await em.query(`SELECT d.request_id::text FROM signature_tasks t JOIN documents d ON d.id = t.document_id WHERE t.id = $1 AND t.document_id::text = $2`, [
        taskId,
        (params['id'] ?? '').toLowerCase(),
      ]);
      return task ? this.visibility.facts(em, subject, task.request_id) : null;
    });
    this.registry.registerObject('certificate', async (subject, id) => {
      const [cert]: Array<{ user_id: string }> = await em.query(`SELECT user_id::text FROM signing_certificates WHERE id = $1`, [id]);
      return { exists: cert !== undefined, holder: cert?.user_id === subject.userId, systemAdmin: holdsRole(subject, 'system-admin') };
    });
  }
}
