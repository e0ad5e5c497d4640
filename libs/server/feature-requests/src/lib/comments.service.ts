import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CommentInfo } from '@agendy/shared/contracts';
import type { UserFacts } from '@agendy/server/feature-agendas';
import { AuditWriter } from '@agendy/server/feature-audit';
import { RequestVisibility } from './request-visibility';

type CommentRow = { id: string; body: string; created_at: Date; author_id: string; username: string; display_name: string };

/** Comments are read by everyone who may see the request and written by those who work on it (not auditors). */
@Injectable()
export class CommentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly visibility: RequestVisibility,
    private readonly audit: AuditWriter,
  ) {}

  async list(facts: UserFacts, requestId: string): Promise<CommentInfo[]> {
    await this.requireVisible(facts, requestId);
    const rows: CommentRow[] = await this.ds.query(
      `SELECT c.id, c.body, c.created_at, c.author_id, u.username, u.display_name FROM request_comments c JOIN users u ON u.id = c.author_id
       WHERE c.request_id = $1 ORDER BY c.created_at, c.id`,
      [requestId],
    );
    return rows.map(toComment);
  }

  async add(facts: UserFacts, requestId: string, body: string, ip: string | null): Promise<CommentInfo> {
    await this.visibility.assertMayWork(this.ds.manager, facts, requestId);
    return this.ds.transaction(async (em) => {
      const [row]: CommentRow[] = await em.query(
        `WITH c AS (INSERT INTO request_comments (request_id, author_id, body) VALUES ($1, $2, $3) RETURNING id, body, created_at, author_id)
         SELECT c.*, u.username, u.display_name FROM c JOIN users u ON u.id = c.author_id`,
        [requestId, facts.userId, body],
      );
      await this.audit.append(em, { actorId: facts.userId, action: 'comment.add', objectType: 'request', objectId: requestId, ip, details: { comment: row.id } });
      return toComment(row);
    });
  }

  private async requireVisible(facts: UserFacts, requestId: string): Promise<void> {
    await this.visibility.assertVisible(this.ds.manager, facts, requestId);
  }
}

function toComment(r: CommentRow): CommentInfo {
  return { id: r.id, body: r.body, createdAt: new Date(r.created_at).toISOString(), author: { id: r.author_id, username: r.username, displayName: r.display_name } };
}
