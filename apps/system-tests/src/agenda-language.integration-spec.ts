import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestUser, eventually, loadShippedAgendas, loginAs, LoggedInAgent, seedDemoOffice, truncateAll, userId } from '@agendy/server/testing';
import { RunningSystem, startSystem } from './support/system';

/**
 * The agenda language of issue 20 end to end, with the worked example of docs/agendas.md
 * (docs/examples/damage-report.agenda.json) loaded through the designer's import and publish, and
 * real people: a parallel review by two parties, routes on the amount to nothing more / a 2-of-3
 * committee of one directory group / the director, return for correction; votes that commute.
 */
const examples = join(__dirname, '../../../docs/examples');
const damageReport = JSON.parse(readFileSync(join(examples, 'damage-report.agenda.json'), 'utf8'));
const protocolTemplate = JSON.parse(readFileSync(join(examples, 'damage-report.protocol.template.json'), 'utf8'));
const COMMITTEE_GROUP = 'KULK-Komise-Skody';

describe('agenda language: routes, quorum over people, commutative votes (issue 20)', () => {
  let system: RunningSystem;
  let app: INestApplication;
  let db: DataSource;
  const members = ['komise.horak', 'komise.mala', 'komise.urban'];

  beforeAll(async () => {
    system = await startSystem();
    ({ app, db } = system);
  });
  afterAll(async () => {
    await system.stop();
  });
  beforeEach(async () => {
    await truncateAll(db);
    await seedDemoOffice(db);
    await loadShippedAgendas(db);
    // The damage committee: three people of three departments, members of one directory group.
    await createTestUser(db, { username: members[0], displayName: 'Pavel Horák', department: 'KR', groups: [COMMITTEE_GROUP] });
    await createTestUser(db, { username: members[1], displayName: 'Eva Malá', department: 'OLP', groups: [COMMITTEE_GROUP] });
    await createTestUser(db, { username: members[2], displayName: 'Josef Urban', department: 'OD', groups: [COMMITTEE_GROUP] });
    // The agenda administrator loads the example as any administrator would: import, template, publish.
    const admin = await loginAs(app, 'lcerna');
    await send(admin, 'post', '/api/v1/admin/agendas', damageReport).expect(201);
    await send(admin, 'post', '/api/v1/admin/agendas/damage-report/versions/1/publish').expect(200);
    await send(admin, 'put', '/api/v1/admin/agendas/damage-report/templates/protocol', protocolTemplate).expect(200);
  });

  const send = (a: LoggedInAgent, method: 'post' | 'put', url: string, body?: unknown) => {
    const r = a.agent[method](url).set('X-XSRF-TOKEN', a.xsrf);
    return body === undefined ? r : r.send(body as object);
  };
  const detail = async (a: LoggedInAgent, id: string) => (await a.agent.get(`/api/v1/requests/${id}`).expect(200)).body;
  const step = async (a: LoggedInAgent, id: string, transition: string, extra: Record<string, unknown> = {}) => {
    const res = await send(a, 'post', `/api/v1/requests/${id}/transitions`, { transition, expectedVersion: (await detail(a, id)).version, ...extra });
    if (res.status !== 200) throw new Error(`${transition}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const vote = (a: LoggedInAgent, id: string, v: 'approve' | 'reject', extra: Record<string, unknown> = {}) => step(a, id, v, { kind: 'vote', ...extra });
  const DAMAGE = { what: 'Rozbité okno v kanceláři 214 při bouřce.', place: 'Budova A, 2. patro', occurredOn: '2026-01-10' };

  async function file(amount: number): Promise<{ id: string; filer: LoggedInAgent }> {
    const filer = await loginAs(app, 'jnovak');
    const created = await send(filer, 'post', '/api/v1/requests', { agenda: 'damage-report', data: { ...DAMAGE, amount } }).expect(201);
    await step(filer, created.body.id, 'submit');
    return { id: created.body.id, filer };
  }

  /** The parallel review: the head of the filer's department and the facility manager (directory group KULK-OSM-Spravci). */
  async function reviewed(amount: number): Promise<{ id: string; filer: LoggedInAgent; state: string }> {
    const { id, filer } = await file(amount);
    await vote(await loginAs(app, 'vbenes'), id, 'approve');
    const after = await vote(await loginAs(app, 'jdvorakova'), id, 'approve');
    return { id, filer, state: after.state.id };
  }

  const resolutions = async (id: string): Promise<Array<{ from_state: string; to_state: string; vote: string }>> =>
    db.query(`SELECT from_state, to_state, vote FROM request_history WHERE request_id = $1 AND kind = 'approvalResolved' ORDER BY version`, [id]);
  const openVoteTasks = async (id: string): Promise<string[]> =>
    (await db.query(`SELECT party_key FROM tasks WHERE request_id = $1 AND kind = 'vote' AND closed_at IS NULL ORDER BY party_key`, [id])).map((r: { party_key: string }) => r.party_key);

  it('runs the worked example with real people: every route, return for correction, the committee as 2 of 3 people of one group', async () => {
    // Up to 50 000 CZK: the review settles it. The facility manager returns it for correction first.
    const small = await file(8500);
    const benes = await loginAs(app, 'vbenes');
    const dvorakova = await loginAs(app, 'jdvorakova');
    expect((await detail(benes, small.id)).availableTransitions.map((a: { name: string; label: { cs: string } }) => [a.name, a.label.cs])).toEqual([
      ['approve', 'Potvrdit škodu'],
      ['reject', 'Vrátit k opravě'],
    ]);
    const returned = await vote(benes, small.id, 'reject', { comment: 'Doplňte číslo dveří.' });
    expect(returned.state.id).toBe('draft');
    await step(small.filer, small.id, 'submit', { data: { what: 'Rozbité okno v kanceláři 214 (dveře 2.14) při bouřce.', amount: 9200 } });
    await vote(dvorakova, small.id, 'approve');
    expect((await vote(benes, small.id, 'approve')).state.id).toBe('settled');
    expect(await resolutions(small.id)).toEqual([
      { from_state: 'review', to_state: 'draft', vote: 'reject' },
      { from_state: 'review', to_state: 'settled', vote: 'approve' },
    ]);
    // The saved template (checked at save) is what the record is made from.
    const [doc] = await eventually(async () => {
      const rows: Array<{ title: string }> = await db.query(`SELECT title FROM documents WHERE request_id = $1`, [small.id]);
      return rows.length ? rows : undefined;
    }, 20_000, 'the damage record');
    expect(doc.title).toMatch(/^Protokol o škodní události /);

    // Above 50 000 CZK: the committee, one vote per member of the group, 2 of 3 decide.
    const medium = await reviewed(120000);
    expect(medium.state).toBe('committee');
    const memberIds = await Promise.all(members.map((m) => userId(db, m)));
    expect(await openVoteTasks(medium.id)).toEqual(memberIds.map((m) => `user:${m}`).sort());
    const [horak, mala, urban] = await Promise.all(members.map((m) => loginAs(app, m)));
    await vote(mala, medium.id, 'reject', { comment: 'Škodu by měl nést dodavatel údržby.' });
    // A vote may leave out the version: votes are merged under the request's lock.
    const noVersion = await send(horak, 'post', `/api/v1/requests/${medium.id}/transitions`, { kind: 'vote', transition: 'approve' }).expect(200);
    expect(noVersion.body.state.id).toBe('committee');
    // A step that changes data may not.
    expect((await send(medium.filer, 'post', `/api/v1/requests/${medium.id}/transitions`, { transition: 'withdraw' }).expect(400)).body.errors[0].pointer).toBe('/expectedVersion');
    expect((await vote(urban, medium.id, 'approve')).state.id).toBe('settled');
    expect(await resolutions(medium.id)).toEqual([
      { from_state: 'review', to_state: 'committee', vote: 'approve' },
      { from_state: 'committee', to_state: 'settled', vote: 'approve' },
    ]);
    // The other members were told when Ms Malá voted against; the filer of every vote.
    const malaId = await userId(db, members[1]);
    const told = await eventually(async () => {
      const rows: Array<{ user_id: string }> = await db.query(`SELECT user_id::text FROM notifications WHERE request_id = $1 AND message_en LIKE 'A committee member voted against%'`, [medium.id]);
      return rows.length === 2 ? rows.map((r) => r.user_id).sort() : undefined;
    }, 15_000, 'the other voters told of a vote against');
    expect(told).toEqual(memberIds.filter((m) => m !== malaId).sort());

    // Above 500 000 CZK: the director, who returns it for correction; corrected, the director settles it.
    const large = await reviewed(620000);
    expect(large.state).toBe('director');
    const director = await loginAs(app, 'pstastny');
    expect((await step(director, large.id, 'director-return', { comment: 'Odečtěte pojištěnou část.' })).state.id).toBe('draft');
    await step(large.filer, large.id, 'submit', { data: { amount: 640000 } });
    await vote(benes, large.id, 'approve');
    expect((await vote(dvorakova, large.id, 'approve')).state.id).toBe('director');
    expect((await step(director, large.id, 'director-approve')).state.id).toBe('settled');
  });

  it('three members of one group vote at the same moment in a 2-of-3 quorum: no 409, one outcome, the third loses the task and is told', async () => {
    const { id } = await reviewed(120000);
    const agents = await Promise.all(members.map((m) => loginAs(app, m)));
    const seen = (await detail(agents[0], id)).version;
    const answers = await Promise.all(agents.map((a) => send(a, 'post', `/api/v1/requests/${id}/transitions`, { kind: 'vote', transition: 'approve', expectedVersion: seen })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);

    // Exactly one outcome, from exactly two counted votes; whoever came third was not counted.
    expect((await detail(agents[0], id)).state.id).toBe('settled');
    expect(await resolutions(id)).toEqual([
      { from_state: 'review', to_state: 'committee', vote: 'approve' },
      { from_state: 'committee', to_state: 'settled', vote: 'approve' },
    ]);
    const counted: Array<{ actor_id: string }> = await db.query(`SELECT actor_id FROM request_history WHERE request_id = $1 AND kind = 'vote' AND from_state = 'committee'`, [id]);
    expect(counted).toHaveLength(2);
    const memberIds = await Promise.all(members.map((m) => userId(db, m)));
    const third = memberIds.find((m) => !counted.some((c) => c.actor_id === m));
    expect(third).toBeDefined();
    const late: Array<{ actor_id: string }> = await db.query(`SELECT actor_id::text FROM audit_log WHERE object_id = $1 AND action = 'request.vote.late'`, [id]);
    expect(late).toEqual([{ actor_id: third }]);

    // The third member's task is gone, and they were told the vote was decided without them.
    expect(await openVoteTasks(id)).toEqual([]);
    const closed: Array<{ party_key: string }> = await db.query(`SELECT party_key FROM tasks WHERE request_id = $1 AND kind = 'vote' AND state = 'committee' AND closed_at IS NOT NULL`, [id]);
    expect(closed.map((t) => t.party_key).sort()).toEqual(memberIds.map((m) => `user:${m}`).sort());
    const notified = await eventually(async () => {
      const rows: Array<{ user_id: string }> = await db.query(`SELECT user_id::text FROM notifications WHERE request_id = $1 AND template = 'approval-decided'`, [id]);
      return rows.length > 0 ? rows : undefined;
    }, 15_000, 'the approval-decided notification');
    expect(notified).toEqual([{ user_id: third }]);
    const inbox = (await agents[memberIds.indexOf(third as string)].agent.get('/api/v1/tasks').expect(200)).body.items;
    expect(inbox.filter((t: { request: { id: string } }) => t.request.id === id)).toEqual([]);
  });
});
