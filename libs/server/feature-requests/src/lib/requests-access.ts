import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessRegistry, deputyCounts } from '@agendy/server/authority';
import { RequestVisibility } from './request-visibility';

/**
 * What the request area tells the authority (ADR 0004): the facts about requests, their comments,
 * attachments and tasks, read from the tables this library owns. The rules are the authority
 * library's (rules/request.ts, rules/task.ts).
 */
@Injectable()
export class RequestsAccess implements OnModuleInit {
  constructor(
    private readonly registry: AccessRegistry,
    private readonly visibility: RequestVisibility,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    const em = this.ds.manager;
    this.registry.registerObject('request', (subject, id) => this.visibility.facts(em, subject, id));
    this.registry.registerObject('comment', (subject, id) => this.visibility.facts(em, subject, id));
    this.registry.registerObject('attachment', async (subject, fileId, params) => {
      // A file is reached through the request the path names: a file of another request names nothing.
      const [file]: Array<{ request_id: string }> = await em.query(`SELECT request_id::text FROM attachments WHERE id = $1`, [fileId]);
      if (!file || file.request_id !== params['id']?.toLowerCase()) return null;
      return this.visibility.facts(em, subject, file.request_id);
    });
    this.registry.registerObject('task', async (subject, taskId) => {
      const [task]: Array<{ party_key: string; filer_id: string; open: boolean }> = await em.query(
        `SELECT t.party_key, r.filer_id::text, t.closed_at IS NULL AS open FROM tasks t JOIN requests r ON r.id = t.request_id WHERE t.id = $1`,
        [taskId],
      );
      if (!task) return null;
      const scope = await this.visibility.scope(subject);
      const deputy = scope.deputyKeys.some((key, i) => key === task.party_key && deputyCounts(scope.deputyPrincipals[i], task.filer_id));
      return { holder: task.open && (scope.ownKeys.includes(task.party_key) || deputy) };
    });
  }
}
