import { mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AccessRegistry, type ObjectKind } from '@agendy/server/authority';
import { seedDemoResources } from '@agendy/server/feature-booking';
import { base32Decode, hotp, totpStep } from '@agendy/server/feature-identity';
import { createTestUser, distinctLeaveDay, LoggedInAgent, loadShippedAgendas, loginAs, seedDemoOffice, truncateAll, userId } from '@agendy/server/testing';
import { addDays, pragueLocalToInstant, toPragueDate } from '@agendy/shared/util';
import { RunningSystem, startSystem } from '../support/system';
import { TINY_PDF } from './harness';

/**
 * The kinds of people the generated access test (access-matrix.security-spec.ts) asks with, all
 * from the seeded demo office (libs/server/feature-identity/src/lib/demo-directory.ts) except the
 * auditor, whom the demo does not have. Their relation to the owner's objects is set up below;
 * what each may do follows from the authority's rules, never from a table here.
 */
export const ACTOR_KINDS = {
  anonymous: null,
  owner: 'jnovak',
  'other-employee': 'triha',
  'same-department-manager': 'jdvorakova',
  'other-department-manager': 'zkucerova',
  'deputy-of-owner': 'tdusek',
  'deputy-of-approver': 'kprochazka',
  auditor: 'mx-auditor',
  'agenda-admin': 'lcerna',
  'system-admin': 'ohajek',
  // Beyond the ten kinds of issue 19: the holders of the HR and fleet/facility roles, so that the
  // allowed side of HR and resource routes is exercised too.
  hr: 'mhorakova',
  'resource-manager': 'vbenes',
} as const;

export type ActorKind = keyof typeof ACTOR_KINDS;

/** One object of a kind, with the other path parameters that lead to it (an attachment's request). */
export interface FixtureObject {
  label: string;
  id: string;
  params?: Record<string, string>;
}

export interface MatrixFixture {
  system: RunningSystem;
  app: INestApplication;
  db: DataSource;
  registry: AccessRegistry;
  /** User ids of the actors (null for anonymous). */
  actorIds: Record<ActorKind, string | null>;
  /** The objects each kind's routes are called with; a kind without one gets an id that names nothing. */
  objects: Partial<Record<ObjectKind, FixtureObject[]>>;
  /** Values for path parameters of routes that name no object (an admin route's department, a month). */
  values: {
    byPath: Array<{ prefix: string; param: string; value: string }>;
    byName: Record<string, string>;
  };
}

/** A well-formed id that names nothing: routes of kinds without a fixture object are called with it. */
export const NOBODY = '00000000-0000-4000-8000-000000000000';

async function ok(res: { status: number; body: unknown }, what: string, ...expected: number[]): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- answers of many endpoints
  if (!expected.includes(res.status)) throw new Error(`fixture ${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res as { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const send = (who: LoggedInAgent, method: 'post' | 'put', url: string, body: object) => who.agent[method](url).set('X-XSRF-TOKEN', who.xsrf).send(body);

/**
 * One fixture set for the whole matrix, built through the API like the people would:
 * - the owner (jnovak, OINF) has a leave draft with an attachment, a submitted leave awaiting their
 *   head (jdvorakova), a generated document of it awaiting the head's signature, a confirmed room
 *   booking, a weekly series, a shared car trip another employee joined, a signing certificate, a
 *   licence record and a deputy (tdusek);
 * - the approver (jdvorakova) has a deputy (kprochazka);
 * - the council secretary has a session; a system administrator has a role mapping; a colleague
 *   (pkral) has a second factor an administrator may reset.
 */
export async function startMatrixFixture(): Promise<MatrixFixture> {
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'agendy-sec-mx-'));
  const system = await startSystem({ ATTACHMENTS_DIR: attachmentsDir, ATTACHMENTS_MIN_FREE_MB: '1' });
  const { app, db } = system;
  await truncateAll(db);
  await seedDemoOffice(db);
  await loadShippedAgendas(db);
  await seedDemoResources(db);
  const oinf: string = (await db.query(`SELECT id FROM departments WHERE code = 'OINF'`))[0].id;
  await createTestUser(db, { username: ACTOR_KINDS.auditor, displayName: 'Auditorka Matice', roles: ['employee', 'auditor'], department: 'OD' });

  const actorIds = {} as Record<ActorKind, string | null>;
  for (const [kind, username] of Object.entries(ACTOR_KINDS) as Array<[ActorKind, string | null]>) actorIds[kind] = username ? await userId(db, username) : null;
  const ownerId = actorIds.owner as string;
  const owner = await loginAs(app, ACTOR_KINDS.owner);
  const head = await loginAs(app, ACTOR_KINDS['same-department-manager']);
  const in30 = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const now = new Date(Date.now() - 60_000).toISOString();

  // Deputies: the owner's (never on the owner's own requests, leave or attendance) and the approver's.
  const ownerDeputy = await ok(await send(owner, 'post', '/api/v1/me/deputies', { deputyId: actorIds['deputy-of-owner'], validFrom: now, validTo: in30 }), 'owner deputy', 201);
  const approverDeputy = await ok(await send(head, 'post', '/api/v1/me/deputies', { deputyId: actorIds['deputy-of-approver'], validFrom: now, validTo: in30 }), 'approver deputy', 201);

  // Requests: a draft with an attachment, and a leave submitted to the head of the owner's department.
  const draft = await ok(await send(owner, 'post', '/api/v1/requests', { agenda: 'leave-request', data: distinctLeaveDay(0) }), 'draft', 201);
  const file = await ok(
    await owner.agent.post(`/api/v1/requests/${draft.body.id}/attachments`).query({ filename: 'doklad.pdf' }).set('X-XSRF-TOKEN', owner.xsrf).set('Content-Type', 'application/octet-stream').send(TINY_PDF),
    'attachment',
    201,
  );
  const leave = await ok(await send(owner, 'post', '/api/v1/requests', { agenda: 'leave-request', data: distinctLeaveDay(1) }), 'leave', 201);
  await ok(await send(owner, 'post', `/api/v1/requests/${leave.body.id}/transitions`, { transition: 'submit', expectedVersion: leave.body.version }), 'submit leave', 200);
  const [task]: Array<{ id: string }> = await db.query(`SELECT id FROM tasks WHERE request_id = $1 AND closed_at IS NULL`, [leave.body.id]);
  await ok(await send(owner, 'post', `/api/v1/requests/${leave.body.id}/comments`, { body: 'Prosím o schválení.' }), 'comment', 201);

  // A generated document of the submitted leave awaiting the head's signature. Written directly: the
  // shipped agendas generate documents only deep in their workflows, and the rules need only the rows.
  const sha = createHash('sha256').update(TINY_PDF).digest('hex');
  const [doc]: Array<{ id: string }> = await db.query(
    `INSERT INTO documents (request_id, template_code, document_key, version, status, title, file_name, pdf, sha256, size)
     VALUES ($1, 'matrix', $2, 1, 'signing', 'Dokument matice', 'matice.pdf', $3, $4, $5) RETURNING id`,
    [leave.body.id, `${leave.body.id}/matrix`, TINY_PDF, sha, TINY_PDF.length],
  );
  const [signature]: Array<{ id: string }> = await db.query(
    `INSERT INTO signature_tasks (document_id, request_id, outbox_id, position, sign_order, level, party, party_key)
     VALUES ($1, $2, 'matrix-fixture', 0, 0, 'simple', $3, $4) RETURNING id`,
    [doc.id, leave.body.id, JSON.stringify({ kind: 'departmentManager', departmentId: oinf }), `dept:${oinf}`],
  );

  // Bookings: a room tomorrow-week, a weekly series, and a shared car trip a colleague joined.
  const resource = async (code: string): Promise<string> => (await db.query(`SELECT id FROM resources WHERE code = $1`, [code]))[0].id;
  const room = await resource('zasedacka-201');
  const car = await resource('8L40211');
  const day = addDays(toPragueDate(new Date()), 8);
  const at = (d: string, h: number) => pragueLocalToInstant(d, h, 0).toISOString();
  const booking = await ok(await send(owner, 'post', '/api/v1/bookings', { resourceId: room, title: 'Porada týmu', start: at(day, 9), end: at(day, 10) }), 'room booking', 201);
  await ok(
    await send(owner, 'post', '/api/v1/bookings/series', { resourceId: room, title: 'Týdenní porada', start: at(day, 13), end: at(day, 14), rrule: 'FREQ=WEEKLY;COUNT=2' }),
    'series',
    201,
  );
  const seriesId: string = (await db.query(`SELECT id FROM booking_series WHERE owner_id = $1`, [ownerId]))[0].id;
  await ok(await send(owner, 'put', '/api/v1/driver-licence', { licenceValidUntil: '2035-01-01', trainingValidUntil: '2034-01-01' }), 'licence', 200);
  const trip = await ok(
    await send(owner, 'post', '/api/v1/bookings', { resourceId: car, title: 'Jednání v Jablonci', destination: 'Jablonec nad Nisou', start: at(day, 8), end: at(day, 12), licenceConfirmed: true, shared: true }),
    'car trip',
    201,
  );
  const colleague = await loginAs(app, ACTOR_KINDS['other-employee']);
  await ok(await send(colleague, 'post', `/api/v1/bookings/${trip.body.id}/join`, {}), 'join trip', 200);

  // The owner's signing certificate; a council session; a role mapping; a second factor to reset.
  const cert = await ok(await send(owner, 'post', '/api/v1/pki/me/certificate', {}), 'certificate', 201);
  const secretary = await loginAs(app, 'ezemanova');
  const session = await ok(await send(secretary, 'post', '/api/v1/registers/council-sessions', { sessionDate: addDays(day, 7), title: 'Zasedání rady' }), 'council session', 201);
  const sysadmin = await loginAs(app, ACTOR_KINDS['system-admin']);
  const mapping = await ok(await send(sysadmin, 'post', '/api/v1/admin/role-mappings', { group: 'KULK-Matice-Test', role: 'auditor' }), 'role mapping', 201);
  const pkral = await loginAs(app, 'pkral');
  const enrolment = await ok(await send(pkral, 'post', '/api/v1/me/otp/enrolment', {}), 'otp enrolment', 200);
  await ok(await send(pkral, 'post', '/api/v1/me/otp/enrolment/confirm', { otp: hotp(base32Decode(enrolment.body.secret), totpStep(Date.now())) }), 'otp confirm', 204);
  const pkralId = await userId(db, 'pkral');

  // An in-app notification of the owner's. Written directly: the worker delivers the real ones
  // asynchronously, and the rule needs only whose it is.
  const [notification]: Array<{ id: string }> = await db.query(`INSERT INTO notifications (user_id, template, message_cs, message_en) VALUES ($1, 'matrix', 'Zpráva', 'Message') RETURNING id`, [ownerId]);
  const grant: string = (await db.query(`SELECT id FROM agenda_grants WHERE agenda_code = 'internal-regulation' LIMIT 1`))[0].id;
  // A second grant of the agenda for the designer's own door (the first one is withdrawn through /admin/agenda-grants).
  const agendaAdmin = await loginAs(app, ACTOR_KINDS['agenda-admin']);
  await ok(await send(agendaAdmin, 'post', '/api/v1/admin/agendas/internal-regulation/grants', { subjectType: 'user', subject: 'pkral', grant: 'auditor' }), 'designer grant', 201);
  const designerGrant: string = (await db.query(`SELECT id FROM agenda_grants WHERE agenda_code = 'internal-regulation' AND "grant" = 'auditor'`))[0].id;
  // A planned substitution of the owner for the line manager's door (the current one is revoked through /me/deputies).
  const planned = await ok(
    await send(owner, 'post', '/api/v1/me/deputies', { deputyId: actorIds['other-employee'], validFrom: new Date(Date.now() + 40 * 86_400_000).toISOString(), validTo: new Date(Date.now() + 50 * 86_400_000).toISOString() }),
    'planned deputy',
    201,
  );
  const leaveVersion = String((await db.query(`SELECT published_version FROM agendas WHERE code = 'leave-request'`))[0].published_version);

  // Register entries: the owner's contract (not yet published: its filer, the heads of its department
  // and those who oversee contracts see it) and a regulation (every employee). Written directly on
  // drafts of their agendas: the registers publish only at the end of long workflows.
  const contractDraft = await ok(await send(owner, 'post', '/api/v1/requests', { agenda: 'contract-order', data: {} }), 'contract draft', 201);
  const [contract]: Array<{ id: string }> = await db.query(
    `INSERT INTO contracts (request_id, reference, department_id, document_type, subject, counterparty_name, counterparty_ico, publication_required)
     VALUES ($1, $2, $3, 'smlouva', 'Servis tiskáren', 'Tiskárny s.r.o.', '12345678', true) RETURNING id`,
    [contractDraft.body.id, contractDraft.body.reference, oinf],
  );
  const regulationDraft = await ok(await send(head, 'post', '/api/v1/requests', { agenda: 'internal-regulation', data: {} }), 'regulation draft', 201);
  const [regulation]: Array<{ id: string }> = await db.query(
    `INSERT INTO regulations (request_id, number, title, regulation_type) VALUES ($1, 'SM-1/2026', 'Směrnice o matici přístupu', 'smernice') RETURNING id`,
    [regulationDraft.body.id],
  );

  const month = toPragueDate(new Date()).slice(0, 7);
  return {
    system,
    app,
    db,
    registry: app.get(AccessRegistry),
    actorIds,
    objects: {
      request: [
        { label: 'draft', id: draft.body.id },
        { label: 'submitted leave', id: leave.body.id },
      ],
      comment: [{ label: 'submitted leave', id: leave.body.id }],
      attachment: [{ label: 'file of the draft', id: file.body.fileId, params: { id: draft.body.id } }],
      document: [{ label: 'document of the leave', id: doc.id }],
      'signature-task': [{ label: "head's signature", id: signature.id, params: { id: doc.id } }],
      task: [{ label: "head's approval", id: task.id }],
      booking: [
        { label: 'room', id: booking.body.id },
        { label: 'shared car trip', id: trip.body.id },
      ],
      'booking-series': [{ label: 'weekly', id: seriesId }],
      car: [{ label: '8L40211', id: car }],
      resource: [{ label: 'zasedacka-201', id: room }],
      'resource-type': [{ label: 'room', id: 'room' }],
      person: [
        { label: 'owner', id: ownerId },
        // A head: their deputy (the approver's deputy) sees the department, never the head's own data.
        { label: 'approver (a head)', id: actorIds['same-department-manager'] as string },
      ],
      regulation: [{ label: 'SM-1/2026', id: regulation.id }],
      contract: [{ label: "owner's, unpublished", id: contract.id }],
      'council-session': [{ label: 'session', id: session.body.id }],
      agenda: [{ label: 'internal-regulation', id: 'internal-regulation' }],
      'agenda-grant': [{ label: 'internal-regulation officer', id: grant }],
      'person-deputies': [{ label: 'owner', id: ownerId }],
      'own-substitution': [{ label: "owner's deputy", id: ownerDeputy.body.id }],
      substitution: [{ label: "owner's planned deputy", id: planned.body.id, params: { id: ownerId } }],
      notification: [{ label: "owner's", id: notification.id }],
      certificate: [{ label: "owner's", id: cert.body.id }],
      driver: [{ label: 'owner', id: ownerId }],
    },
    values: {
      byPath: [
        { prefix: '/api/v1/admin/departments/', param: 'id', value: oinf },
        { prefix: '/api/v1/admin/role-mappings/', param: 'id', value: mapping.body.id },
        { prefix: '/api/v1/admin/users/', param: 'id', value: pkralId },
        { prefix: '/api/v1/admin/substitutions/', param: 'id', value: approverDeputy.body.id },
        { prefix: '/api/v1/admin/agendas/{code}/grants/', param: 'id', value: designerGrant },
        { prefix: '/api/v1/resources/', param: 'id', value: room },
        { prefix: '/api/v1/agendas/', param: 'code', value: 'leave-request' },
        { prefix: '/api/v1/agendas/', param: 'version', value: leaveVersion },
        { prefix: '/api/v1/people/', param: 'id', value: ownerId },
        { prefix: '/api/v1/registers/council-sessions/{id}/items/', param: 'requestId', value: leave.body.id },
      ],
      byName: {
        code: 'internal-regulation',
        version: '1',
        template: 'regulation',
        month,
        year: month.slice(0, 4),
        userId: ownerId,
        file: 'datapackage.json',
        token: 'not-a-feed-token',
        type: 'room',
      },
    },
  };
}
