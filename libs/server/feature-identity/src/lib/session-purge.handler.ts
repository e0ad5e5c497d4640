import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '@agendy/server/queue';
import { SessionService } from './session.service';

@Injectable()
export class SessionPurgeHandler {
  private readonly logger = new Logger('SessionPurge');

  constructor(private readonly sessions: SessionService) {}

  /** Idempotent by nature: deleting what is already deleted deletes nothing. */
  @JobHandler('housekeeping.purge-sessions')
  async purge(): Promise<{ deleted: number }> {
    const deleted = await this.sessions.purgeExpired();
    if (deleted > 0) this.logger.log({ deleted }, 'Expired sessions purged');
    return { deleted };
  }
}
