import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '@agendy/server/authority';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PersonSummary } from '@agendy/shared/contracts';

/** Finding a colleague (to name a deputy, a department head): names and departments only, no e-mails. */
@ApiTags('people')
@Controller('v1/people')
export class PeopleController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Active people whose name or username contains q (at least 2 characters; at most 20 answers)' })
  @ApiQuery({ name: 'q', required: true })
  @Access.signedIn('names, titles and department codes every employee may look up (to name a deputy, a signer)')
  async search(@Query('q') q?: string): Promise<PersonSummary[]> {
    const term = (q ?? '').trim();
    if (term.length < 2 || term.length > 100) return [];
    const like = '%' + term.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    const rows: Array<{ id: string; username: string; display_name: string; title: string | null; code: string | null }> = await this.db.query(
      `SELECT u.id, u.username, u.display_name, u.title, d.code FROM users u LEFT JOIN departments d ON d.id = u.department_id
       WHERE u.active AND (lower(u.display_name) LIKE $1 OR u.username LIKE $1) ORDER BY u.display_name LIMIT 20`,
      [like],
    );
    return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, title: r.title, departmentCode: r.code }));
  }
}
